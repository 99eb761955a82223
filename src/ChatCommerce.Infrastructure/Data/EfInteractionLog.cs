using ChatCommerce.Conversations.Contacts;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>Records touchpoints made outside a turn (turns write theirs with their other effects); joins the caller's open transaction.</summary>
public sealed class EfInteractionLog(ChatCommerceDbContext db) : IInteractionLog
{
    public async Task RecordAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        var channel = interaction.Conversation.ChannelName;
        var user = interaction.UserId ?? interaction.Conversation.ChatId;
        var customer = interaction.CustomerId
            ?? await db.Contacts.AsNoTracking().Where(c => c.Channel == channel && c.UserId == user).Select(c => c.CustomerId).FirstOrDefaultAsync(cancellationToken);
        db.Interactions.Add(new InteractionRecord
        {
            CustomerId = customer,
            Channel = channel,
            UserId = customer is null ? interaction.UserId : user,
            Intent = interaction.Intent,
            IntentConfidence = interaction.IntentConfidence,
            Sentiment = interaction.Sentiment,
            SentimentScore = interaction.SentimentScore,
            OrderNumber = interaction.OrderNumber,
            Outcome = interaction.Outcome ?? (interaction.Direction == InteractionDirection.Outbound ? TouchpointOutcomes.Sent : null),
            Conversation = interaction.Conversation.ToString(),
            Direction = interaction.Direction.ToString(),
            Kind = Sql.Cut(interaction.Kind, 64),
            Text = Sql.CutOrNull(interaction.Text, 5000),
            MessageId = interaction.MessageId,
            AtMs = interaction.At.ToUnixTimeMilliseconds(),
            Detail = Sql.CutOrNull(interaction.Detail, 500),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
