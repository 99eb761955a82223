using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChatCommerce.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Customers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_interactions",
                table: "interactions");

            migrationBuilder.RenameTable(
                name: "interactions",
                newName: "touchpoints");

            migrationBuilder.RenameIndex(
                name: "IX_interactions_Conversation_MessageId",
                table: "touchpoints",
                newName: "IX_touchpoints_Conversation_MessageId");

            migrationBuilder.RenameIndex(
                name: "IX_interactions_Conversation_AtMs",
                table: "touchpoints",
                newName: "IX_touchpoints_Conversation_AtMs");

            migrationBuilder.AddColumn<string>(
                name: "BasketKey",
                table: "orders",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DiscountSatang",
                table: "orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "CustomerId",
                table: "contacts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "touchpoints",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CustomerId",
                table: "touchpoints",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Intent",
                table: "touchpoints",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "IntentConfidence",
                table: "touchpoints",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OrderNumber",
                table: "touchpoints",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "touchpoints",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sentiment",
                table: "touchpoints",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "SentimentScore",
                table: "touchpoints",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UserId",
                table: "touchpoints",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "PK_touchpoints",
                table: "touchpoints",
                column: "Id");

            migrationBuilder.CreateTable(
                name: "customer_addresses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CustomerId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Postcode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    LastUsedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_addresses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "customer_phones",
                columns: table => new
                {
                    CustomerId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FirstUsedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    LastUsedAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_phones", x => new { x.CustomerId, x.Phone });
                });

            migrationBuilder.CreateTable(
                name: "customer_tags",
                columns: table => new
                {
                    CustomerId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Tag = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_tags", x => new { x.CustomerId, x.Tag });
                });

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PictureUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Language = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Birthday = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    Consent = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ConsentAtMs = table.Column<long>(type: "bigint", nullable: true),
                    ConsentChannel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ConsentWording = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    LastSurveyAtMs = table.Column<long>(type: "bigint", nullable: true),
                    OrderCount = table.Column<int>(type: "integer", nullable: false),
                    LifetimeValueSatang = table.Column<long>(type: "bigint", nullable: false),
                    FirstOrderAtMs = table.Column<long>(type: "bigint", nullable: true),
                    LastOrderAtMs = table.Column<long>(type: "bigint", nullable: true),
                    LastTouchAtMs = table.Column<long>(type: "bigint", nullable: true),
                    Recency = table.Column<int>(type: "integer", nullable: false),
                    Frequency = table.Column<int>(type: "integer", nullable: false),
                    Monetary = table.Column<int>(type: "integer", nullable: false),
                    Segment = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PreviousSegment = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    SegmentChangedAtMs = table.Column<long>(type: "bigint", nullable: true),
                    Tier = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Needs = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ScoredAtMs = table.Column<long>(type: "bigint", nullable: true),
                    MergedIntoId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_contacts_CustomerId",
                table: "contacts",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_touchpoints_CustomerId_AtMs",
                table: "touchpoints",
                columns: new[] { "CustomerId", "AtMs" });

            migrationBuilder.CreateIndex(
                name: "IX_customer_addresses_CustomerId_Address_Postcode",
                table: "customer_addresses",
                columns: new[] { "CustomerId", "Address", "Postcode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_customer_phones_Phone",
                table: "customer_phones",
                column: "Phone");

            migrationBuilder.CreateIndex(
                name: "IX_customer_tags_Tag",
                table: "customer_tags",
                column: "Tag");

            migrationBuilder.CreateIndex(
                name: "IX_customers_DisplayName",
                table: "customers",
                column: "DisplayName");

            migrationBuilder.CreateIndex(
                name: "IX_customers_MergedIntoId",
                table: "customers",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_customers_Segment",
                table: "customers",
                column: "Segment");


            // Contacts from before customers each become a customer; their touchpoints say whose they are.
            migrationBuilder.Sql("""
                UPDATE contacts SET "CustomerId" = md5(random()::text || clock_timestamp()::text || "Id"::text) WHERE "CustomerId" IS NULL;
                INSERT INTO customers ("Id","DisplayName","Language","CreatedAtMs","UpdatedAtMs","OrderCount","LifetimeValueSatang","Recency","Frequency","Monetary","Segment")
                SELECT "CustomerId","DisplayName","Language","FirstSeenAtMs","UpdatedAtMs",0,0,0,0,0,'prospect' FROM contacts;
                UPDATE touchpoints SET "Channel" = split_part("Conversation", ':', 1);
                UPDATE touchpoints SET "CustomerId" = c."CustomerId", "UserId" = c."UserId"
                  FROM contacts c WHERE c."Channel" = touchpoints."Channel" AND c."UserId" = substr(touchpoints."Conversation", strpos(touchpoints."Conversation", ':') + 1);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customer_addresses");

            migrationBuilder.DropTable(
                name: "customer_phones");

            migrationBuilder.DropTable(
                name: "customer_tags");

            migrationBuilder.DropTable(
                name: "customers");

            migrationBuilder.DropIndex(
                name: "IX_contacts_CustomerId",
                table: "contacts");

            migrationBuilder.DropPrimaryKey(
                name: "PK_touchpoints",
                table: "touchpoints");

            migrationBuilder.DropIndex(
                name: "IX_touchpoints_CustomerId_AtMs",
                table: "touchpoints");

            migrationBuilder.DropColumn(
                name: "BasketKey",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "DiscountSatang",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "CustomerId",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "touchpoints");

            migrationBuilder.DropColumn(
                name: "CustomerId",
                table: "touchpoints");

            migrationBuilder.DropColumn(
                name: "Intent",
                table: "touchpoints");

            migrationBuilder.DropColumn(
                name: "IntentConfidence",
                table: "touchpoints");

            migrationBuilder.DropColumn(
                name: "OrderNumber",
                table: "touchpoints");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "touchpoints");

            migrationBuilder.DropColumn(
                name: "Sentiment",
                table: "touchpoints");

            migrationBuilder.DropColumn(
                name: "SentimentScore",
                table: "touchpoints");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "touchpoints");

            migrationBuilder.RenameTable(
                name: "touchpoints",
                newName: "interactions");

            migrationBuilder.RenameIndex(
                name: "IX_touchpoints_Conversation_MessageId",
                table: "interactions",
                newName: "IX_interactions_Conversation_MessageId");

            migrationBuilder.RenameIndex(
                name: "IX_touchpoints_Conversation_AtMs",
                table: "interactions",
                newName: "IX_interactions_Conversation_AtMs");

            migrationBuilder.AddPrimaryKey(
                name: "PK_interactions",
                table: "interactions",
                column: "Id");
        }
    }
}
