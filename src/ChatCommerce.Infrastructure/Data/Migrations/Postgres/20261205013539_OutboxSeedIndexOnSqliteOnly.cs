using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatCommerce.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxSeedIndexOnSqliteOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_PendingSeed",
                table: "outbox");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_outbox_PendingSeed",
                table: "outbox",
                column: "IdempotencySeed",
                filter: "\"Status\" = 'Pending'");
        }
    }
}
