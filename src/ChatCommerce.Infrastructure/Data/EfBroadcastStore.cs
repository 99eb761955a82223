using ChatCommerce.Domain.Broadcasts;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Messaging;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>Broadcasts in <c>broadcasts</c>, <c>broadcast_recipients</c> (unique per customer) and <c>broadcast_batches</c>.</summary>
public sealed class EfBroadcastStore(ChatCommerceDbContext db, DbWrites writes) : IBroadcastStore
{
    public async Task<BroadcastProgress> CreateAsync(Broadcast broadcast, int batchSize, CancellationToken cancellationToken)
    {
        var segment = broadcast.Segment;
        var audience = db.Customers.Where(c => c.MergedIntoId == null && c.Consent == ConsentStatuses.Granted && (segment == null || c.Segment == segment));
        var customers = await audience.Select(c => new { c.Id, c.Language }).ToDictionaryAsync(c => c.Id, c => c.Language, cancellationToken);
        var contacts = await db.Contacts.AsNoTracking()
            .Where(k => k.CustomerId != null && audience.Any(c => c.Id == k.CustomerId))
            .Select(k => new { CustomerId = k.CustomerId!, k.Channel, k.UserId, k.IsFollowing, k.LastUserMessageAtMs, k.Language })
            .ToListAsync(cancellationToken);

        var recipients = new List<BroadcastRecipient>();
        foreach (var chats in contacts.GroupBy(k => k.CustomerId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // One chat per customer: LINE if they follow the shop there (no window), else the
            // Messenger chat they wrote in last (whether its window is open is judged when sending).
            var chat = chats.Where(k => k.Channel == ChannelNames.Line && k.IsFollowing).MaxBy(k => k.LastUserMessageAtMs ?? 0)
                ?? chats.Where(k => k.Channel == ChannelNames.Messenger).MaxBy(k => k.LastUserMessageAtMs ?? 0);
            if (chat is null)
            {
                continue;
            }

            var language = chat.Language ?? customers.GetValueOrDefault(chat.CustomerId);
            recipients.Add(new BroadcastRecipient
            {
                BroadcastId = broadcast.Id,
                CustomerId = chat.CustomerId,
                Channel = chat.Channel,
                UserId = chat.UserId,
                Locale = language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "th",
            });
        }

        var batches = new List<BroadcastBatch>();
        foreach (var (batch, number) in recipients.Where(r => r.Channel == ChannelNames.Line).Chunk(batchSize).Select((b, i) => (b, i + 1)))
        {
            batches.Add(new BroadcastBatch { BroadcastId = broadcast.Id, Number = number, RetryKey = Guid.NewGuid() });
            foreach (var recipient in batch)
            {
                recipient.Batch = number;
            }
        }

        await using (var transaction = await writes.BeginAsync(cancellationToken))
        {
            db.Broadcasts.Add(broadcast);
            db.BroadcastRecipients.AddRange(recipients);
            db.BroadcastBatches.AddRange(batches);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        return (await ProgressAsync(broadcast.Id, cancellationToken))!;
    }

    public Task<Broadcast?> GetAsync(string id, CancellationToken cancellationToken) =>
        db.Broadcasts.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);

    public async Task<BroadcastProgress?> ProgressAsync(string id, CancellationToken cancellationToken) =>
        await GetAsync(id, cancellationToken) is { } broadcast ? (await ProgressOfAsync([broadcast], cancellationToken))[0] : null;

    public async Task<IReadOnlyList<BroadcastProgress>> ListAsync(int max, CancellationToken cancellationToken) =>
        await ProgressOfAsync(await db.Broadcasts.AsNoTracking().OrderByDescending(b => b.CreatedAtMs).ThenBy(b => b.Id).Take(max).ToListAsync(cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<BroadcastProgress>> ProgressOfAsync(IReadOnlyList<Broadcast> broadcasts, CancellationToken cancellationToken)
    {
        var ids = broadcasts.Select(b => b.Id).ToList();
        var counts = await db.BroadcastRecipients.AsNoTracking().Where(r => ids.Contains(r.BroadcastId))
            .GroupBy(r => new { r.BroadcastId, r.State, r.Reason, r.Channel })
            .Select(g => new { g.Key.BroadcastId, g.Key.State, g.Key.Reason, g.Key.Channel, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return broadcasts.Select(b =>
        {
            var mine = counts.Where(c => c.BroadcastId == b.Id).ToList();
            return new BroadcastProgress(
                b.Id, b.Name, b.Status, b.Segment, b.PromotionId,
                DateTimeOffset.FromUnixTimeMilliseconds(b.CreatedAtMs),
                b.FinishedAtMs is { } finished ? DateTimeOffset.FromUnixTimeMilliseconds(finished) : null,
                mine.Sum(c => c.Count),
                mine.Where(c => c.State == RecipientStates.Sent).Sum(c => c.Count),
                mine.Where(c => c.State == RecipientStates.Pending).Sum(c => c.Count),
                mine.Where(c => c.State == RecipientStates.Skipped).GroupBy(c => c.Reason ?? "").OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Sum(c => c.Count)),
                mine.GroupBy(c => c.Channel).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Count)));
        }).ToList();
    }

    public async Task<IReadOnlyList<string>> UnfinishedAsync(CancellationToken cancellationToken) =>
        await db.Broadcasts.AsNoTracking().Where(b => b.Status == BroadcastStatuses.Sending).OrderBy(b => b.CreatedAtMs).Select(b => b.Id).ToListAsync(cancellationToken);

    public async Task<(BroadcastBatch Batch, IReadOnlyList<BroadcastRecipient> Recipients)?> NextBatchAsync(string id, CancellationToken cancellationToken)
    {
        var batch = await db.BroadcastBatches.AsNoTracking().Where(b => b.BroadcastId == id && b.State == RecipientStates.Pending)
            .OrderBy(b => b.Number).FirstOrDefaultAsync(cancellationToken);
        if (batch is null)
        {
            return null;
        }

        var recipients = await db.BroadcastRecipients.AsNoTracking()
            .Where(r => r.BroadcastId == id && r.Batch == batch.Number && r.State == RecipientStates.Pending)
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return (batch, recipients);
    }

    public async Task TryingAsync(BroadcastBatch batch, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var ms = at.ToUnixTimeMilliseconds();
        await db.BroadcastBatches.Where(b => b.BroadcastId == batch.BroadcastId && b.Number == batch.Number && b.FirstTriedAtMs == null)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.FirstTriedAtMs, ms), cancellationToken);
    }

    public async Task FinishBatchAsync(BroadcastBatch batch, string state, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var ms = at.ToUnixTimeMilliseconds();
        await using var transaction = await writes.BeginAsync(cancellationToken);
        await db.BroadcastRecipients.Where(r => r.BroadcastId == batch.BroadcastId && r.Batch == batch.Number && r.State == RecipientStates.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, state).SetProperty(r => r.Reason, reason).SetProperty(r => r.DoneAtMs, ms), cancellationToken);
        await db.BroadcastBatches.Where(b => b.BroadcastId == batch.BroadcastId && b.Number == batch.Number)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.State, state).SetProperty(b => b.SentAtMs, ms), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<BroadcastRecipient>> PendingMessengerAsync(string id, int max, CancellationToken cancellationToken) =>
        await db.BroadcastRecipients.AsNoTracking()
            .Where(r => r.BroadcastId == id && r.Channel == ChannelNames.Messenger && r.State == RecipientStates.Pending)
            .OrderBy(r => r.Id).Take(max).ToListAsync(cancellationToken);

    public async Task<bool> MarkAsync(long recipientId, string state, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var ms = at.ToUnixTimeMilliseconds();
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var marked = await db.BroadcastRecipients.Where(r => r.Id == recipientId && r.State == RecipientStates.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, state).SetProperty(r => r.Reason, reason).SetProperty(r => r.DoneAtMs, ms), cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        return marked;
    }

    public async Task<IReadOnlySet<string>> ConsentingAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken) =>
        (await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id) && c.Consent == ConsentStatuses.Granted).Select(c => c.Id).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

    public async Task<bool> FinishIfDoneAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var ms = at.ToUnixTimeMilliseconds();
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var finished = await db.Broadcasts
            .Where(b => b.Id == id && b.Status == BroadcastStatuses.Sending && !db.BroadcastRecipients.Any(r => r.BroadcastId == id && r.State == RecipientStates.Pending))
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, BroadcastStatuses.Done).SetProperty(b => b.FinishedAtMs, ms), cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        return finished;
    }
}
