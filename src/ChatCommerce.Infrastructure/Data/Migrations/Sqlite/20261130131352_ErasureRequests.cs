using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatCommerce.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ErasureRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "erasure_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConfirmationCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubjectId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequestedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAtMs = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_erasure_requests", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_erasure_requests_ConfirmationCode",
                table: "erasure_requests",
                column: "ConfirmationCode",
                unique: true);

            // The audit log stays append-only, with one exception: erasing a customer may replace
            // what a line was about with an "erased:" token and drop its detail; who, what and when stay.
            migrationBuilder.Sql("DROP TRIGGER audit_log_no_update;");
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                WHEN NOT (NEW."Id" = OLD."Id" AND NEW."AtMs" = OLD."AtMs" AND NEW."Actor" = OLD."Actor" AND NEW."Action" = OLD."Action"
                          AND NEW."Subject" LIKE 'erased:%' AND NEW."Detail" IS NULL)
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (personal data may only be erased)'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER audit_log_no_update;");
            migrationBuilder.Sql("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;");
            migrationBuilder.DropTable(
                name: "erasure_requests");
        }
    }
}
