using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatCommerce.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StatusIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_touchpoints_Conversation_MessageId",
                table: "touchpoints");

            migrationBuilder.DropIndex(
                name: "IX_outbox_IdempotencySeed",
                table: "outbox");

            migrationBuilder.DropIndex(
                name: "IX_outbox_Status_NextAttemptAtMs",
                table: "outbox");

            migrationBuilder.DropIndex(
                name: "IX_inbox_Conversation_Status",
                table: "inbox");

            migrationBuilder.DropIndex(
                name: "IX_inbox_Status_ReceivedAtMs",
                table: "inbox");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_Held",
                table: "outbox",
                columns: new[] { "Conversation", "Id" },
                filter: "\"Status\" = 'Held'");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_Pending",
                table: "outbox",
                column: "NextAttemptAtMs",
                filter: "\"Status\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_PendingSeed",
                table: "outbox",
                column: "IdempotencySeed",
                filter: "\"Status\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_Conversation_EventTimestampMs",
                table: "inbox",
                columns: new[] { "Conversation", "EventTimestampMs" });

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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_outbox_Held",
                table: "outbox");

            migrationBuilder.DropIndex(
                name: "IX_outbox_Pending",
                table: "outbox");

            migrationBuilder.DropIndex(
                name: "IX_outbox_PendingSeed",
                table: "outbox");

            migrationBuilder.DropIndex(
                name: "IX_inbox_Conversation_EventTimestampMs",
                table: "inbox");

            migrationBuilder.DropIndex(
                name: "IX_inbox_DeadLettered",
                table: "inbox");

            migrationBuilder.DropIndex(
                name: "IX_inbox_Pending",
                table: "inbox");

            migrationBuilder.CreateIndex(
                name: "IX_touchpoints_Conversation_MessageId",
                table: "touchpoints",
                columns: new[] { "Conversation", "MessageId" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_IdempotencySeed",
                table: "outbox",
                column: "IdempotencySeed");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_Status_NextAttemptAtMs",
                table: "outbox",
                columns: new[] { "Status", "NextAttemptAtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_inbox_Conversation_Status",
                table: "inbox",
                columns: new[] { "Conversation", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_inbox_Status_ReceivedAtMs",
                table: "inbox",
                columns: new[] { "Status", "ReceivedAtMs" });
        }
    }
}
