using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatCommerce.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BasketActivity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "basket_activity",
                columns: table => new
                {
                    Conversation = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Locale = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ContentKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Items = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    RemindedAtMs = table.Column<long>(type: "INTEGER", nullable: true),
                    RemindedKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_basket_activity", x => x.Conversation);
                });

            migrationBuilder.CreateIndex(
                name: "IX_basket_activity_CustomerId_RemindedAtMs",
                table: "basket_activity",
                columns: new[] { "CustomerId", "RemindedAtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_basket_activity_UpdatedAtMs",
                table: "basket_activity",
                column: "UpdatedAtMs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "basket_activity");
        }
    }
}
