using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Domain.Messaging;
using System.Text.Json;
using ChatCommerce.Domain.Serialization;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

public sealed class EfTranscript(ChatCommerceDbContext db) : ITranscript
{
    public async Task<IReadOnlyList<TranscriptLine>> RecentAsync(ConversationKey conversation, int take, CancellationToken cancellationToken)
    {
        var key = conversation.ToString();
        var rows = await db.Interactions.AsNoTracking().Where(i => i.Conversation == key).OrderByDescending(i => i.Id).Take(take).ToListAsync(cancellationToken);
        rows.Reverse();
        return rows.Select(Line).ToList();
    }

    public async Task<InboundEvent?> InboundEventAsync(ConversationKey conversation, long lineId, CancellationToken cancellationToken)
    {
        var key = conversation.ToString();
        var inbound = nameof(InteractionDirectionName.Inbound);
        var line = await db.Interactions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == lineId && i.Conversation == key && i.Direction == inbound && i.MessageId != null, cancellationToken);
        if (line is null)
        {
            return null;
        }

        // The interaction carries the event's own time: the inbox rows of that moment hold it.
        var payloads = await db.Inbox.AsNoTracking().Where(r => r.Conversation == key && r.EventTimestampMs == line.AtMs).Select(r => r.Payload).ToListAsync(cancellationToken);
        return payloads.Select(p => JsonSerializer.Deserialize(p, DomainJson.Default.InboundEvent)).FirstOrDefault(e => e?.MessageId == line.MessageId);
    }

    public async Task<IReadOnlyDictionary<string, TranscriptLine>> LastInboundAsync(IReadOnlyCollection<string> conversations, CancellationToken cancellationToken)
    {
        if (conversations.Count == 0)
        {
            return new Dictionary<string, TranscriptLine>();
        }

        var inbound = nameof(InteractionDirectionName.Inbound);
        var ids = await db.Interactions.AsNoTracking()
            .Where(i => conversations.Contains(i.Conversation) && i.Direction == inbound)
            .GroupBy(i => i.Conversation).Select(g => g.Max(i => i.Id))
            .ToListAsync(cancellationToken);
        var rows = await db.Interactions.AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Conversation, Line);
    }

    private static TranscriptLine Line(InteractionRecord r) => new(
        r.Id,
        Enum.Parse<InteractionDirectionName>(r.Direction),
        r.Kind,
        r.Unsent ? null : r.Text,
        DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs),
        r.Detail,
        r.Unsent);
}
