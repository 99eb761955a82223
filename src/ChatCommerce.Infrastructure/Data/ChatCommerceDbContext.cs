using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Staff;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Promotions;
using ChatCommerce.Domain.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// The relational model. Each database has its own subclass only so that it has its own
/// migrations (<see cref="SqliteChatCommerceDbContext"/>, <see cref="PostgresChatCommerceDbContext"/>);
/// the model is this one.
/// </summary>
public class ChatCommerceDbContext : DbContext
{
    public ChatCommerceDbContext(DbContextOptions<ChatCommerceDbContext> options)
        : base(options)
    {
    }

    protected ChatCommerceDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<InboxRecord> Inbox => Set<InboxRecord>();

    public DbSet<ContactRecord> Contacts => Set<ContactRecord>();

    public DbSet<InteractionRecord> Interactions => Set<InteractionRecord>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<HandoffRecord> Handoffs => Set<HandoffRecord>();

    public DbSet<StateRecord> States => Set<StateRecord>();

    public DbSet<OutboxRecord> Outbox => Set<OutboxRecord>();

    public DbSet<OrderHistoryEntry> OrderHistory => Set<OrderHistoryEntry>();

    public DbSet<PaymentAttempt> Payments => Set<PaymentAttempt>();

    public DbSet<PaymentHistoryEntry> PaymentHistory => Set<PaymentHistoryEntry>();

    public DbSet<SettingRecord> Settings => Set<SettingRecord>();

    public DbSet<SlipRecord> Slips => Set<SlipRecord>();

    public DbSet<ServiceCase> Cases => Set<ServiceCase>();

    public DbSet<ProviderEventRecord> ProviderEvents => Set<ProviderEventRecord>();

    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();

    public DbSet<ConsoleAccount> ConsoleAccounts => Set<ConsoleAccount>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<StaffNote> StaffNotes => Set<StaffNote>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<CustomerPhone> CustomerPhones => Set<CustomerPhone>();

    public DbSet<CustomerAddress> CustomerAddresses => Set<CustomerAddress>();

    public DbSet<CustomerTag> CustomerTags => Set<CustomerTag>();

    public DbSet<ErasureRequest> ErasureRequests => Set<ErasureRequest>();

    public DbSet<LinkCode> LinkCodes => Set<LinkCode>();

    public DbSet<Survey> Surveys => Set<Survey>();

    public DbSet<MergeRecord> MergeRecords => Set<MergeRecord>();

    public DbSet<PromotionRecord> Promotions => Set<PromotionRecord>();

    public DbSet<OrderPromotion> OrderPromotions => Set<OrderPromotion>();

    public DbSet<NudgeRecord> Nudges => Set<NudgeRecord>();

    public DbSet<BasketActivity> BasketActivity => Set<BasketActivity>();

    public DbSet<Domain.Broadcasts.Broadcast> Broadcasts => Set<Domain.Broadcasts.Broadcast>();

    public DbSet<Domain.Broadcasts.BroadcastRecipient> BroadcastRecipients => Set<Domain.Broadcasts.BroadcastRecipient>();

    public DbSet<Domain.Broadcasts.BroadcastBatch> BroadcastBatches => Set<Domain.Broadcasts.BroadcastBatch>();

    /// <summary>The filter of the indexes that hold only the rows still to be worked on.</summary>
    protected const string PendingOnly = "\"Status\" = 'Pending'";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InboxRecord>(e =>
        {
            e.ToTable("inbox");
            e.Property(x => x.Channel).HasMaxLength(16);
            e.Property(x => x.EventId).HasMaxLength(200);
            e.Property(x => x.Conversation).HasMaxLength(300);
            e.Property(x => x.Status).HasMaxLength(16);
            e.HasIndex(x => new { x.Channel, x.EventId }).IsUnique();
            e.HasIndex(x => new { x.Conversation, x.EventTimestampMs });
            // How each database finds the events still open (pending or dead-lettered) is its own:
            // see the provider's context.
        });
        modelBuilder.Entity<OutboxRecord>(e =>
        {
            e.ToTable("outbox");
            e.Property(x => x.Conversation).HasMaxLength(300);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.IdempotencySeed).HasMaxLength(300);
            e.Property(x => x.ReplyToken).HasMaxLength(300);
            e.Property(x => x.Note).HasMaxLength(500);
            e.Property(x => x.LeaseOwner).HasMaxLength(100);
            e.HasIndex(x => new { x.Conversation, x.Id });
            e.HasIndex(x => x.NextAttemptAtMs, "IX_outbox_Pending").HasFilter(PendingOnly);
            e.HasIndex(x => new { x.Conversation, x.Id }, "IX_outbox_Held").HasFilter("\"Status\" = 'Held'");
        });
        modelBuilder.Entity<ContactRecord>(e =>
        {
            e.ToTable("contacts");
            e.Property(x => x.Channel).HasMaxLength(16);
            e.Property(x => x.UserId).HasMaxLength(100);
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.Language).HasMaxLength(20);
            e.HasIndex(x => new { x.Channel, x.UserId }).IsUnique();
            e.Property(x => x.CustomerId).HasMaxLength(32);
            e.HasIndex(x => x.CustomerId);
        });
        modelBuilder.Entity<InteractionRecord>(e =>
        {
            e.ToTable("touchpoints");
            e.Property(x => x.Conversation).HasMaxLength(300);
            e.Property(x => x.Direction).HasMaxLength(16);
            e.Property(x => x.Kind).HasMaxLength(64);
            e.Property(x => x.MessageId).HasMaxLength(200);
            e.Property(x => x.CustomerId).HasMaxLength(32);
            e.Property(x => x.Channel).HasMaxLength(16);
            e.Property(x => x.UserId).HasMaxLength(100);
            e.Property(x => x.Intent).HasMaxLength(64);
            e.Property(x => x.Sentiment).HasMaxLength(16);
            e.Property(x => x.OrderNumber).HasMaxLength(32);
            e.Property(x => x.Outcome).HasMaxLength(16);
            // An unsent message is found through the conversation's index: a conversation's own
            // touchpoints are few, and a third index on every row of the busiest table is not paid for.
            e.HasIndex(x => new { x.Conversation, x.AtMs });
            e.HasIndex(x => new { x.CustomerId, x.AtMs });
        });
        modelBuilder.Entity<Customer>(e =>
        {
            e.ToTable("customers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(32);
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.PictureUrl).HasMaxLength(1000);
            e.Property(x => x.Language).HasMaxLength(20);
            e.Property(x => x.Birthday).HasMaxLength(10);
            e.Property(x => x.Notes).HasMaxLength(4000);
            e.Property(x => x.Consent).HasMaxLength(16);
            e.Property(x => x.ConsentChannel).HasMaxLength(16);
            e.Property(x => x.ConsentWording).HasMaxLength(1000);
            e.Property(x => x.Segment).HasMaxLength(16);
            e.Property(x => x.PreviousSegment).HasMaxLength(16);
            e.Property(x => x.Tier).HasMaxLength(32);
            e.Property(x => x.Needs).HasMaxLength(200);
            e.Property(x => x.MergedIntoId).HasMaxLength(32);
            e.HasIndex(x => x.Segment);
            e.HasIndex(x => x.DisplayName);
            e.HasIndex(x => x.MergedIntoId);
        });
        modelBuilder.Entity<CustomerPhone>(e =>
        {
            e.ToTable("customer_phones");
            e.HasKey(x => new { x.CustomerId, x.Phone });
            e.Property(x => x.CustomerId).HasMaxLength(32);
            e.Property(x => x.Phone).HasMaxLength(20);
            e.HasIndex(x => x.Phone);
        });
        modelBuilder.Entity<CustomerAddress>(e =>
        {
            e.ToTable("customer_addresses");
            e.Property(x => x.CustomerId).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Address).HasMaxLength(1000);
            e.Property(x => x.Postcode).HasMaxLength(5);
            e.HasIndex(x => new { x.CustomerId, x.Address, x.Postcode }).IsUnique();
        });
        modelBuilder.Entity<ErasureRequest>(e =>
        {
            e.ToTable("erasure_requests");
            e.Property(x => x.ConfirmationCode).HasMaxLength(32);
            e.Property(x => x.Source).HasMaxLength(16);
            e.Property(x => x.SubjectId).HasMaxLength(100);
            e.Property(x => x.Status).HasMaxLength(16);
            e.HasIndex(x => x.ConfirmationCode).IsUnique();
        });
        modelBuilder.Entity<Survey>(e =>
        {
            e.ToTable("surveys");
            e.Property(x => x.CustomerId).HasMaxLength(32);
            e.Property(x => x.Kind).HasMaxLength(8);
            e.Property(x => x.OrderNumber).HasMaxLength(32);
            e.Property(x => x.Conversation).HasMaxLength(300);
            e.HasIndex(x => new { x.CustomerId, x.Kind });
            e.HasIndex(x => x.OrderNumber);
            e.HasIndex(x => x.AskedAtMs);
        });
        modelBuilder.Entity<LinkCode>(e =>
        {
            e.ToTable("link_codes");
            e.Property(x => x.CodeHash).HasMaxLength(64);
            e.Property(x => x.CustomerId).HasMaxLength(32);
            e.Property(x => x.Channel).HasMaxLength(16);
            e.HasIndex(x => x.CodeHash);
            e.HasIndex(x => x.CustomerId);
        });
        modelBuilder.Entity<MergeRecord>(e =>
        {
            e.ToTable("customer_merges");
            e.Property(x => x.TargetId).HasMaxLength(32);
            e.Property(x => x.SourceId).HasMaxLength(32);
            e.Property(x => x.Actor).HasMaxLength(120);
            e.HasIndex(x => x.TargetId);
            e.HasIndex(x => x.SourceId);
        });
        modelBuilder.Entity<CustomerTag>(e =>
        {
            e.ToTable("customer_tags");
            e.HasKey(x => new { x.CustomerId, x.Tag });
            e.Property(x => x.CustomerId).HasMaxLength(32);
            e.Property(x => x.Tag).HasMaxLength(40);
            e.HasIndex(x => x.Tag);
        });
        modelBuilder.Entity<Category>(e =>
        {
            e.ToTable("categories");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
        });
        modelBuilder.Entity<Product>(e =>
        {
            e.ToTable("products");
            e.HasKey(x => x.Sku);
            e.Property(x => x.Sku).HasMaxLength(64);
            e.Property(x => x.CfCode).HasMaxLength(32);
            e.HasIndex(x => x.CfCode).IsUnique();
            e.HasIndex(x => x.CategoryId);
            e.Ignore(x => x.Price);
            e.Ignore(x => x.InStock);
            e.Property(x => x.Sizes)
                .HasConversion(v => string.Join(',', v), v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList())
                .Metadata.SetValueComparer(new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x.GetHashCode(StringComparison.Ordinal))), v => v.ToList()));
            e.Property(x => x.Sizes).HasMaxLength(200);
        });
        modelBuilder.Entity<Order>(e =>
        {
            e.ToTable("orders");
            e.Property(x => x.Number).HasMaxLength(32);
            e.Property(x => x.IdempotencyKey).HasMaxLength(200);
            e.Property(x => x.Channel).HasMaxLength(16);
            e.Property(x => x.UserId).HasMaxLength(100);
            e.Property(x => x.Locale).HasMaxLength(8);
            e.Property(x => x.CustomerName).HasMaxLength(200);
            e.Property(x => x.Phone).HasMaxLength(20);
            e.Property(x => x.Address).HasMaxLength(1000);
            e.Property(x => x.Postcode).HasMaxLength(5);
            e.Property(x => x.ShippingMethod).HasMaxLength(32);
            e.Property(x => x.PaymentMethod).HasMaxLength(16);
            e.Property(x => x.PaymentState).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
            e.HasIndex(x => new { x.Status, x.PaymentState, x.PaymentDueAtMs });
            e.Property(x => x.TrackingNumber).HasMaxLength(64);
            e.Property(x => x.BasketKey).HasMaxLength(16);
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => new { x.Channel, x.UserId, x.CreatedAtMs });
            e.HasIndex(x => new { x.Status, x.CreatedAtMs });
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Promotions).WithOne().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<PromotionRecord>(e =>
        {
            e.ToTable("promotions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Code).HasMaxLength(32);
            e.HasIndex(x => x.Code).IsUnique();
        });
        modelBuilder.Entity<BasketActivity>(e =>
        {
            e.ToTable("basket_activity");
            e.HasKey(x => x.Conversation);
            e.Property(x => x.Conversation).HasMaxLength(300);
            e.Property(x => x.CustomerId).HasMaxLength(32);
            e.Property(x => x.Locale).HasMaxLength(8);
            e.Property(x => x.ContentKey).HasMaxLength(16);
            e.Property(x => x.RemindedKey).HasMaxLength(16);
            e.HasIndex(x => x.UpdatedAtMs);
            e.HasIndex(x => new { x.CustomerId, x.RemindedAtMs });
        });
        modelBuilder.Entity<Domain.Broadcasts.Broadcast>(e =>
        {
            e.ToTable("broadcasts");
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Text).HasMaxLength(4000);
            e.Property(x => x.PromotionId).HasMaxLength(40);
            e.Property(x => x.Segment).HasMaxLength(32);
            e.Property(x => x.Status).HasMaxLength(16);
            e.HasIndex(x => x.Status);
        });
        modelBuilder.Entity<Domain.Broadcasts.BroadcastRecipient>(e =>
        {
            e.ToTable("broadcast_recipients");
            e.Property(x => x.BroadcastId).HasMaxLength(40);
            e.Property(x => x.CustomerId).HasMaxLength(32);
            e.Property(x => x.Channel).HasMaxLength(16);
            e.Property(x => x.UserId).HasMaxLength(200);
            e.Property(x => x.Locale).HasMaxLength(8);
            e.Property(x => x.State).HasMaxLength(16);
            e.Property(x => x.Reason).HasMaxLength(32);
            // A customer is in a broadcast once: the database says so, not only the code.
            e.HasIndex(x => new { x.BroadcastId, x.CustomerId }).IsUnique();
            e.HasIndex(x => new { x.BroadcastId, x.State, x.Batch });
        });
        modelBuilder.Entity<Domain.Broadcasts.BroadcastBatch>(e =>
        {
            e.ToTable("broadcast_batches");
            e.HasKey(x => new { x.BroadcastId, x.Number });
            e.Property(x => x.BroadcastId).HasMaxLength(40);
            e.Property(x => x.State).HasMaxLength(16);
        });
        modelBuilder.Entity<NudgeRecord>(e =>
        {
            e.ToTable("nudges");
            e.Property(x => x.Conversation).HasMaxLength(300);
            e.Property(x => x.CustomerId).HasMaxLength(32);
            e.Property(x => x.PromotionId).HasMaxLength(40);
            e.Property(x => x.OrderNumber).HasMaxLength(32);
            e.HasIndex(x => new { x.Conversation, x.AtMs });
            e.HasIndex(x => x.AtMs);
        });
        modelBuilder.Entity<OrderPromotion>(e =>
        {
            e.ToTable("order_promotions");
            e.HasKey(x => new { x.OrderId, x.PromotionId });
            e.Property(x => x.PromotionId).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.CustomerId).HasMaxLength(32);
            e.HasIndex(x => new { x.PromotionId, x.CustomerId });
        });
        modelBuilder.Entity<StateRecord>(e =>
        {
            e.ToTable("conversation_states");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(300);
            // No index on the expiry: every turn moves it on, and an indexed column changed makes
            // PostgreSQL write the row's new version into every index (no update in place, "HOT").
            // The hourly purge reads the table instead.
        });
        modelBuilder.Entity<HandoffRecord>(e =>
        {
            e.ToTable("handoffs");
            e.Property(x => x.Conversation).HasMaxLength(300);
            e.Property(x => x.Reason).HasMaxLength(32);
            e.Property(x => x.LastText).HasMaxLength(500);
            e.HasIndex(x => new { x.Conversation, x.ReleasedAtMs });
            e.HasIndex(x => new { x.ReleasedAtMs, x.RequestedAtMs });
        });
        modelBuilder.Entity<OrderHistoryEntry>(e =>
        {
            e.ToTable("order_history");
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.PaymentState).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Actor).HasMaxLength(16);
            e.Property(x => x.Note).HasMaxLength(500);
            e.HasIndex(x => x.OrderId);
        });
        modelBuilder.Entity<PaymentAttempt>(e =>
        {
            e.ToTable("payments");
            e.Property(x => x.OrderNumber).HasMaxLength(32);
            e.Property(x => x.Method).HasMaxLength(16);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Payload).HasMaxLength(512);
            e.Property(x => x.Reference).HasMaxLength(200);
            e.Property(x => x.PayUrl).HasMaxLength(2000);
            e.Property(x => x.PublicToken).HasMaxLength(64);
            e.Property(x => x.SlipSha256).HasMaxLength(64);
            e.Property(x => x.SlipContentType).HasMaxLength(64);
            e.Property(x => x.Note).HasMaxLength(500);
            e.HasIndex(x => x.OrderId);
            e.HasIndex(x => x.PublicToken).IsUnique();
            e.HasIndex(x => x.SlipSha256);
            e.HasIndex(x => x.Reference);
            e.HasIndex(x => new { x.Status, x.Id });
            e.HasMany(x => x.History).WithOne().HasForeignKey(x => x.PaymentId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<PaymentHistoryEntry>(e =>
        {
            e.ToTable("payment_history");
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Actor).HasMaxLength(16);
            e.Property(x => x.Note).HasMaxLength(500);
        });
        modelBuilder.Entity<ServiceCase>(e =>
        {
            e.ToTable("cases");
            e.Property(x => x.Conversation).HasMaxLength(300);
            e.Property(x => x.OrderNumber).HasMaxLength(32);
            e.Property(x => x.Category).HasMaxLength(24);
            e.Property(x => x.Severity).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Text).HasMaxLength(1000);
            e.Property(x => x.OpenedByEvent).HasMaxLength(200);
            e.HasIndex(x => new { x.Conversation, x.CreatedAtMs });
            e.HasIndex(x => new { x.Status, x.DueAtMs });
            e.Property(x => x.Wish).HasMaxLength(24);
            e.Property(x => x.ResolvedBy).HasMaxLength(120);
            e.Property(x => x.CsatComment).HasMaxLength(1000);
            e.HasIndex(x => new { x.Status, x.ResolvedAtMs });
        });
        modelBuilder.Entity<CaseEvent>(e =>
        {
            e.ToTable("case_events");
            e.Property(x => x.Kind).HasMaxLength(24);
            e.Property(x => x.Actor).HasMaxLength(120);
            e.Property(x => x.Text).HasMaxLength(2000);
            e.Property(x => x.Reference).HasMaxLength(120);
            e.HasIndex(x => x.CaseId);
        });
        modelBuilder.Entity<ConsoleAccount>(e =>
        {
            e.ToTable("console_accounts");
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.DisplayName).HasMaxLength(100);
            e.Property(x => x.Role).HasMaxLength(16);
            e.Property(x => x.PasswordHash).HasMaxLength(500);
            e.Property(x => x.Stamp).HasMaxLength(64);
            e.HasIndex(x => x.Email).IsUnique();
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.Property(x => x.Actor).HasMaxLength(120);
            e.Property(x => x.Action).HasMaxLength(32);
            e.Property(x => x.Subject).HasMaxLength(300);
            e.Property(x => x.Detail).HasMaxLength(1000);
            e.HasIndex(x => x.Subject);
        });
        modelBuilder.Entity<StaffNote>(e =>
        {
            e.ToTable("staff_notes");
            e.Property(x => x.Conversation).HasMaxLength(300);
            e.Property(x => x.Author).HasMaxLength(120);
            e.Property(x => x.Text).HasMaxLength(2000);
            e.HasIndex(x => x.Conversation);
        });
        modelBuilder.Entity<SlipRecord>(e =>
        {
            e.ToTable("slips");
            e.HasKey(x => x.Sha256);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.ContentType).HasMaxLength(64);
        });
        modelBuilder.Entity<SettingRecord>(e =>
        {
            e.ToTable("settings");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(64);
        });
        modelBuilder.Entity<ProviderEventRecord>(e =>
        {
            e.ToTable("provider_events");
            e.HasKey(x => new { x.Provider, x.EventId });
            e.Property(x => x.Provider).HasMaxLength(16);
            e.Property(x => x.EventId).HasMaxLength(200);
            e.Property(x => x.Type).HasMaxLength(100);
        });
        modelBuilder.Entity<OrderLine>(e =>
        {
            e.ToTable("order_lines");
            // A product's latest orders (recommendations' co-purchases read a bounded number of them).
            e.HasIndex(x => new { x.Sku, x.OrderId });
            e.Property(x => x.Sku).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.Size).HasMaxLength(16);
        });
    }
}
