using System.Text.Json;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Ports;

namespace ChatCommerce.Conversations.State;

/// <summary>Typed access to conversation state over the versioned state store, for changes made outside a turn.</summary>
public sealed class ConversationStateRepository(IConversationStateStore store)
{
    /// <summary>State is kept this long after the last turn.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(30);

    /// <summary>
    /// How long this state is kept after its last change: a conversation staff own never goes back
    /// to the bot by its state expiring (only by a hand-back); others the usual <see cref="TimeToLive"/>.
    /// </summary>
    public static TimeSpan TimeToLiveOf(ConversationState state) => state.Owner == ConversationOwner.Staff ? TimeSpan.FromDays(3650) : TimeToLive;

    public async Task<(ConversationState State, long Version)> LoadAsync(ConversationKey conversation, string defaultLocale, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(Key(conversation), cancellationToken);
        return stored is null ? (new ConversationState { Locale = defaultLocale }, 0) : (Read(stored.Data, defaultLocale), stored.Version);
    }

    /// <summary>The conversations among <paramref name="conversations"/> that staff own, in one read.</summary>
    public async Task<IReadOnlySet<ConversationKey>> StaffOwnedAsync(IReadOnlyCollection<ConversationKey> conversations, CancellationToken cancellationToken)
    {
        var stored = await store.GetManyAsync([.. conversations.Select(Key)], cancellationToken);
        var owned = new HashSet<ConversationKey>();
        foreach (var conversation in conversations)
        {
            if (stored.TryGetValue(Key(conversation), out var state) && Read(state.Data, "th").Owner == ConversationOwner.Staff)
            {
                owned.Add(conversation);
            }
        }

        return owned;
    }

    /// <summary>Saves when nobody saved since <paramref name="version"/> was read; false otherwise.</summary>
    public async Task<bool> TrySaveAsync(ConversationKey conversation, ConversationState state, long version, CancellationToken cancellationToken) =>
        await store.TrySaveAsync(Key(conversation), Write(state), version, TimeToLiveOf(state), cancellationToken) is not null;

    public static string Key(ConversationKey conversation) => "conv:" + conversation;

    public static ConversationState Read(string? data, string defaultLocale) =>
        (data is null ? null : JsonSerializer.Deserialize(data, ConversationJson.Default.ConversationState)) ?? new ConversationState { Locale = defaultLocale };

    public static string Write(ConversationState state) => JsonSerializer.Serialize(state, ConversationJson.Stored.ConversationState);
}
