using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Messaging;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Conversations for staff: contacts newest message first, each with the owner its state names
/// (one query for the page of contacts, one for their states).
/// </summary>
public sealed class EfConversationList(ChatCommerceDbContext db) : IConversationList
{
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(string? owner, int skip, int take, CancellationToken cancellationToken)
    {
        var result = new List<ConversationSummary>();
        // Filtering by owner reads on past a page of contacts until enough match (owners live in the state).
        for (var offset = skip; result.Count < take; offset += 200)
        {
            var contacts = await db.Contacts.AsNoTracking()
                .OrderByDescending(c => c.LastUserMessageAtMs).ThenByDescending(c => c.Id)
                .Skip(offset).Take(200)
                .ToListAsync(cancellationToken);
            if (contacts.Count == 0)
            {
                break;
            }

            var keys = contacts.Select(c => ConversationStateRepository.Key(new ConversationKey(ChannelNames.Parse(c.Channel), c.UserId))).ToList();
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var data = await db.States.AsNoTracking().Where(s => keys.Contains(s.Key) && s.ExpiresAtMs > now).ToDictionaryAsync(s => s.Key, s => s.Data, cancellationToken);
            foreach (var contact in contacts)
            {
                var key = new ConversationKey(ChannelNames.Parse(contact.Channel), contact.UserId);
                var state = ConversationStateRepository.Read(data.GetValueOrDefault(ConversationStateRepository.Key(key)), "th");
                var name = StaffDesk.OwnerName(state);
                if (owner is null || owner == name)
                {
                    result.Add(new ConversationSummary(key, contact.DisplayName, contact.LastUserMessageAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null, name, state.StaffId));
                }

                if (result.Count == take)
                {
                    break;
                }
            }

            if (owner is null)
            {
                break;
            }
        }

        return result;
    }
}
