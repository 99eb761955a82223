using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Handoffs;

/// <summary>A conversation a shopper asked to hand to staff, and whether staff have handed it back.</summary>
public sealed record Handoff(ConversationKey Conversation, DateTimeOffset RequestedAt, string Reason, string? LastText, DateTimeOffset? ReleasedAt);

/// <summary>The staff queue: conversations waiting for a person.</summary>
public interface IHandoffQueue
{
    /// <summary>Queues the conversation unless it is queued already (a re-run turn asks twice).</summary>
    Task RequestAsync(ConversationKey conversation, string reason, string? lastText, CancellationToken cancellationToken);

    /// <summary>Open hand-offs, oldest first.</summary>
    Task<IReadOnlyList<Handoff>> OpenAsync(int max, CancellationToken cancellationToken);

    /// <summary>
    /// Conversations with an open hand-off (with staff) where nothing was said either way since
    /// <paramref name="quietSince"/>: candidates to hand back to the bot.
    /// </summary>
    Task<IReadOnlyList<ConversationKey>> IdleAsync(DateTimeOffset quietSince, int max, CancellationToken cancellationToken);

    /// <summary>Closes the open hand-off of the conversation; false when there was none.</summary>
    Task<bool> CloseAsync(ConversationKey conversation, CancellationToken cancellationToken);
}

/// <summary>When the bot hands a conversation to staff on its own (section <c>ChatCommerce:Staff</c>).</summary>
public sealed class HandoffOptions
{
    public const string Section = "ChatCommerce:Staff";

    /// <summary>
    /// The third message in a row the bot cannot read puts the conversation in the staff queue
    /// (true), or only offers a person (false).
    /// </summary>
    public bool HandOffAfterMisunderstandings { get; set; } = true;
}
