using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Domain.Messaging;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

public sealed class EfHandoffQueue(ChatCommerceDbContext db, DbWrites writes, TimeProvider clock) : IHandoffQueue
{
    public async Task RequestAsync(ConversationKey conversation, string reason, string? lastText, CancellationToken cancellationToken)
    {
        var key = conversation.ToString();
        await using var transaction = await writes.BeginAsync(cancellationToken);
        if (await db.Handoffs.AnyAsync(h => h.Conversation == key && h.ReleasedAtMs == null, cancellationToken))
        {
            return;
        }

        db.Handoffs.Add(new HandoffRecord
        {
            Conversation = key,
            RequestedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            Reason = reason,
            LastText = lastText is { Length: > 500 } longText ? longText[..500] : lastText,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Handoff>> OpenAsync(int max, CancellationToken cancellationToken) =>
        (await db.Handoffs.AsNoTracking().Where(h => h.ReleasedAtMs == null).OrderBy(h => h.RequestedAtMs).ThenBy(h => h.Id).Take(max).ToListAsync(cancellationToken))
            .Select(h => new Handoff(ConversationKey.Parse(h.Conversation), DateTimeOffset.FromUnixTimeMilliseconds(h.RequestedAtMs), h.Reason, h.LastText, null))
            .ToList();

    public async Task<IReadOnlyList<ConversationKey>> IdleAsync(DateTimeOffset quietSince, int max, CancellationToken cancellationToken)
    {
        var since = quietSince.ToUnixTimeMilliseconds();
        var keys = await db.Handoffs.AsNoTracking()
            .Where(h => h.ReleasedAtMs == null && h.RequestedAtMs < since)
            .Where(h => !db.Interactions.Any(i => i.Conversation == h.Conversation && i.AtMs >= since))
            // Each conversation once, the longest waiting first (a distinct list would drop the order).
            .GroupBy(h => h.Conversation)
            .Select(g => new { Conversation = g.Key, Since = g.Min(h => h.RequestedAtMs) })
            .OrderBy(g => g.Since).ThenBy(g => g.Conversation)
            .Take(max)
            .Select(g => g.Conversation)
            .ToListAsync(cancellationToken);
        return keys.Select(ConversationKey.Parse).ToList();
    }

    public async Task<bool> CloseAsync(ConversationKey conversation, CancellationToken cancellationToken)
    {
        var key = conversation.ToString();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await db.Handoffs.Where(h => h.Conversation == key && h.ReleasedAtMs == null)
            .ExecuteUpdateAsync(u => u.SetProperty(h => h.ReleasedAtMs, now), cancellationToken) > 0;
    }
}
