using ChatCommerce.Conversations.Contacts;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>Records touchpoints made outside a turn (turns write theirs with their other effects); joins the caller's open transaction.</summary>
public sealed class EfInteractionLog(ChatCommerceDbContext db) : IInteractionLog
{
    public async Task RecordAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        db.Interactions.Add(new InteractionRecord
        {
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
