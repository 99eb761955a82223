using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChatCommerce.Infrastructure.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Conversation = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CustomerId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    PromotionId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Holdout = table.Column<bool>(type: "boolean", nullable: false),
                    BasketSatang = table.Column<long>(type: "bigint", nullable: false),
                    MissingSatang = table.Column<long>(type: "bigint", nullable: false),
                    AtMs = table.Column<long>(type: "bigint", nullable: false),
                    CrossedAtMs = table.Column<long>(type: "bigint", nullable: true),
                    OrderNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    OrderSatang = table.Column<long>(type: "bigint", nullable: true)
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
