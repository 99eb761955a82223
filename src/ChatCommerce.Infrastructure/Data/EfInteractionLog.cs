using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Domain.Messaging;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

public sealed class EfInteractionLog(ChatCommerceDbContext db) : IInteractionLog
{
    private const int MaxText = 5000;

    public async Task RecordAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        db.Interactions.Add(new InteractionRecord
        {
            Conversation = interaction.Conversation.ToString(),
            Direction = interaction.Direction.ToString(),
            Kind = interaction.Kind.Length > 64 ? interaction.Kind[..64] : interaction.Kind,
            Text = interaction.Text is { Length: > MaxText } text ? text[..MaxText] : interaction.Text,
            MessageId = interaction.MessageId,
            AtMs = interaction.At.ToUnixTimeMilliseconds(),
            Detail = interaction.Detail is { Length: > 500 } detail ? detail[..500] : interaction.Detail,
        });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public async Task ForgetMessageAsync(ConversationKey conversation, string messageId, CancellationToken cancellationToken)
    {
        var key = conversation.ToString();
        await db.Interactions.Where(x => x.Conversation == key && x.MessageId == messageId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Text, (string?)null).SetProperty(x => x.Unsent, true), cancellationToken);
    }

    public async Task<IReadOnlyList<Interaction>> RecentAsync(ConversationKey conversation, int max, CancellationToken cancellationToken)
    {
        var key = conversation.ToString();
        var records = await db.Interactions.AsNoTracking()
            .Where(x => x.Conversation == key)
            .OrderByDescending(x => x.AtMs).ThenByDescending(x => x.Id)
            .Take(max)
            .ToListAsync(cancellationToken);
        return records.Select(r => new Interaction(
            conversation,
            Enum.Parse<InteractionDirection>(r.Direction),
            r.Kind,
            r.Text,
            r.MessageId,
            DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs),
            r.Unsent ? "unsent" : r.Detail)).ToList();
    }
}
