using System.Text.Json;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Ports;
using ChatCommerce.Domain.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// The inbox on the relational database. The unique (channel, event id) index is what makes a
/// duplicate harmless; the dedupe store only spares the database the look-up.
/// </summary>
public sealed class EfInbox(ChatCommerceDbContext db, IDedupeStore dedupe, ILogger<EfInbox> logger) : IInbox
{
    private static readonly TimeSpan DedupeMemory = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<InboundEvent>> AddAsync(IReadOnlyList<InboundEvent> events, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var fresh = new List<InboundEvent>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var inbound in events)
        {
            var key = DedupeKey(inbound);
            if (seen.Add(key) && !await dedupe.IsMarkedAsync(key))
            {
                fresh.Add(inbound);
            }
        }

        foreach (var group in fresh.GroupBy(e => e.Channel.ToString()).ToList())
        {
            var ids = group.Select(e => e.EventId).ToList();
            var stored = await db.Inbox.AsNoTracking()
                .Where(x => x.Channel == group.Key && ids.Contains(x.EventId))
                .Select(x => x.EventId)
                .ToListAsync(cancellationToken);
            fresh.RemoveAll(e => e.Channel.ToString() == group.Key && stored.Contains(e.EventId));
        }

        var added = await InsertAsync(fresh, receivedAt, cancellationToken);
        foreach (var inbound in events)
        {
            await dedupe.TryMarkAsync(DedupeKey(inbound), DedupeMemory);
        }

        return added;
    }

    private async Task<IReadOnlyList<InboundEvent>> InsertAsync(List<InboundEvent> events, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return [];
        }

        db.Inbox.AddRange(events.Select(e => ToRecord(e, receivedAt)));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return events;
        }
        catch (DbUpdateException)
        {
            // Another delivery of one of these events won the race: insert one by one.
            db.ChangeTracker.Clear();
        }

        var added = new List<InboundEvent>();
        foreach (var inbound in events)
        {
            db.Inbox.Add(ToRecord(inbound, receivedAt));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                added.Add(inbound);
            }
            catch (DbUpdateException)
            {
                logger.LogDebug("Event {EventId} was stored by a concurrent delivery", inbound.EventId);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return added;
    }

    public async Task<IReadOnlyList<InboxItem>> PendingAsync(ConversationKey conversation, CancellationToken cancellationToken)
    {
        var key = conversation.ToString();
        var pending = InboxStatus.Pending.ToString();
        var records = await db.Inbox.AsNoTracking()
            .Where(x => x.Conversation == key && x.Status == pending)
            .OrderBy(x => x.EventTimestampMs).ThenBy(x => x.Id)
            .Take(200)
            .ToListAsync(cancellationToken);
        return records.Select(r => new InboxItem(
            r.Id,
            JsonSerializer.Deserialize(r.Payload, DomainJson.Default.InboundEvent)!,
            DateTimeOffset.FromUnixTimeMilliseconds(r.ReceivedAtMs),
            r.Attempts)).ToList();
    }

    public async Task CompleteAsync(long id, InboxStatus status, string? note, CancellationToken cancellationToken)
    {
        var text = status.ToString();
        var trimmed = note is { Length: > 500 } ? note[..500] : note;
        await db.Inbox.Where(x => x.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, text).SetProperty(x => x.Note, trimmed), cancellationToken);
    }

    public async Task FailAsync(long id, string error, int maxAttempts, CancellationToken cancellationToken)
    {
        var failed = InboxStatus.Failed.ToString();
        var pending = InboxStatus.Pending.ToString();
        var trimmed = error.Length > 500 ? error[..500] : error;
        await db.Inbox.Where(x => x.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(x => x.Attempts, x => x.Attempts + 1)
                  .SetProperty(x => x.Status, x => x.Attempts + 1 >= maxAttempts ? failed : pending)
                  .SetProperty(x => x.Note, trimmed),
            cancellationToken);
    }

    public async Task<IReadOnlyList<ConversationKey>> StalledAsync(DateTimeOffset receivedBefore, int max, CancellationToken cancellationToken)
    {
        var cutoff = receivedBefore.ToUnixTimeMilliseconds();
        var pending = InboxStatus.Pending.ToString();
        var keys = await db.Inbox.AsNoTracking()
            .Where(x => x.Status == pending && x.ReceivedAtMs < cutoff)
            .Select(x => x.Conversation)
            .Distinct()
            .OrderBy(x => x)
            .Take(max)
            .ToListAsync(cancellationToken);
        return keys.Select(ConversationKey.Parse).ToList();
    }

    private static InboxRecord ToRecord(InboundEvent inbound, DateTimeOffset receivedAt) => new()
    {
        Channel = inbound.Channel.ToString(),
        EventId = inbound.EventId,
        Conversation = inbound.Conversation.ToString(),
        EventTimestampMs = inbound.Timestamp.ToUnixTimeMilliseconds(),
        ReceivedAtMs = receivedAt.ToUnixTimeMilliseconds(),
        Status = InboxStatus.Pending.ToString(),
        Payload = JsonSerializer.Serialize(inbound, DomainJson.Default.InboundEvent),
    };

    private static string DedupeKey(InboundEvent inbound) => $"evt:{inbound.Channel}:{inbound.EventId}";
}
