using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatCommerce.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Nudges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "nudges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Conversation = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PromotionId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Holdout = table.Column<bool>(type: "INTEGER", nullable: false),
                    BasketSatang = table.Column<long>(type: "INTEGER", nullable: false),
                    MissingSatang = table.Column<long>(type: "INTEGER", nullable: false),
                    AtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    CrossedAtMs = table.Column<long>(type: "INTEGER", nullable: true),
                    OrderNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    OrderSatang = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nudges", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_nudges_AtMs",
                table: "nudges",
                column: "AtMs");

            migrationBuilder.CreateIndex(
                name: "IX_nudges_Conversation_AtMs",
                table: "nudges",
                columns: new[] { "Conversation", "AtMs" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "nudges");
        }
    }
}
