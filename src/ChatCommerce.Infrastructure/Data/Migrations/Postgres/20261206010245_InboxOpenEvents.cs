using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatCommerce.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InboxOpenEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_inbox_DeadLettered",
                table: "inbox");

            migrationBuilder.DropIndex(
                name: "IX_inbox_Pending",
                table: "inbox");

            migrationBuilder.AlterTable(
                name: "inbox")
                .Annotation("Npgsql:StorageParameter:fillfactor", 60);

            migrationBuilder.CreateTable(
                name: "inbox_open",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Conversation = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    EventTimestampMs = table.Column<long>(type: "bigint", nullable: false),
                    ReceivedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    NextAttemptAtMs = table.Column<long>(type: "bigint", nullable: false),
                    Dead = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_open", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_inbox_open_Dead",
                table: "inbox_open",
                column: "Id",
                filter: "\"Dead\"");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_open_Pending",
                table: "inbox_open",
                columns: new[] { "Conversation", "EventTimestampMs", "Id" },
                filter: "NOT \"Dead\"");

            // The triggers first: creating them locks the inbox against writes until this
            // migration commits, so the copy below sees every open event and none is missed.
            migrationBuilder.Sql(InboxOpenTriggers.Create);
            migrationBuilder.Sql("""
                INSERT INTO inbox_open ("Id","Conversation","EventTimestampMs","ReceivedAtMs","NextAttemptAtMs","Dead")
                SELECT "Id","Conversation","EventTimestampMs","ReceivedAtMs","NextAttemptAtMs","Status"<>'Pending'
                FROM inbox WHERE "Status" IN ('Pending','DeadLettered','Failed')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(InboxOpenTriggers.Drop);

            migrationBuilder.DropTable(
                name: "inbox_open");

            migrationBuilder.AlterTable(
                name: "inbox")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 60);

            migrationBuilder.CreateIndex(
                name: "IX_inbox_DeadLettered",
                table: "inbox",
                column: "Id",
                filter: "\"Status\" = 'DeadLettered'");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_Pending",
                table: "inbox",
                columns: new[] { "Conversation", "EventTimestampMs", "Id" },
                filter: "\"Status\" = 'Pending'");
        }
    }
}
