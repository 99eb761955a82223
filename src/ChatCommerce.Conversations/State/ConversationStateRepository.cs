using System.Text.Json;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Ports;

namespace ChatCommerce.Conversations.State;

/// <summary>Typed access to conversation state over the versioned state store.</summary>
public sealed class ConversationStateRepository(IConversationStateStore store)
{
    /// <summary>State is kept this long after the last turn.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(30);

    public async Task<(ConversationState State, long Version)> LoadAsync(ConversationKey conversation, string defaultLocale, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(Key(conversation), cancellationToken);
        if (stored is null)
        {
            return (new ConversationState { Locale = defaultLocale }, 0);
        }

        var state = JsonSerializer.Deserialize(stored.Data, ConversationJson.Default.ConversationState) ?? new ConversationState { Locale = defaultLocale };
        return (state, stored.Version);
    }

    /// <summary>Saves when nobody saved since <paramref name="version"/> was read; false otherwise.</summary>
    public async Task<bool> TrySaveAsync(ConversationKey conversation, ConversationState state, long version, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(state, ConversationJson.Default.ConversationState);
        return await store.TrySaveAsync(Key(conversation), data, version, TimeToLive, cancellationToken) is not null;
    }

    public static string Key(ConversationKey conversation) => "conv:" + conversation;
}
