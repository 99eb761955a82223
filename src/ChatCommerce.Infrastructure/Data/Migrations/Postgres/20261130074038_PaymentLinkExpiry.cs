using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatCommerce.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PaymentLinkExpiry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PayUrlExpiresAtMs",
                table: "payments",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PayUrlExpiresAtMs",
                table: "payments");
        }
    }
}
