using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChatCommerce.Infrastructure.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConfirmationCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubjectId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RequestedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    CompletedAtMs = table.Column<long>(type: "bigint", nullable: true)
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
            migrationBuilder.Sql("DROP TRIGGER audit_log_no_change ON audit_log;");
            migrationBuilder.Sql("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();");
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_log_erase_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW."Id" = OLD."Id" AND NEW."AtMs" = OLD."AtMs" AND NEW."Actor" = OLD."Actor" AND NEW."Action" = OLD."Action"
                     AND NEW."Subject" LIKE 'erased:%' AND NEW."Detail" IS NULL THEN
                    RETURN NEW;
                  END IF;
                  RAISE EXCEPTION 'audit_log is append-only (personal data may only be erased)';
                END; $$;
                """);
            migrationBuilder.Sql("CREATE TRIGGER audit_log_erase_only BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_erase_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER audit_log_erase_only ON audit_log;");
            migrationBuilder.Sql("DROP FUNCTION audit_log_erase_only();");
            migrationBuilder.Sql("DROP TRIGGER audit_log_no_delete ON audit_log;");
            migrationBuilder.Sql("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();");
            migrationBuilder.DropTable(
                name: "erasure_requests");
        }
    }
}
