using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Handoffs;

/// <summary>One line of a conversation as staff read it (from the customer's interactions).</summary>
/// <param name="Kind">Inbound "message:text", "message:image", "postback"…; outbound the reply's kind ("TextReply", "StaffReply", "OrderShippedHeld"…).</param>
/// <param name="Detail">Inbound: what the bot understood; outbound by staff: "staff:console:3".</param>
public sealed record TranscriptLine(long Id, InteractionDirectionName Direction, string Kind, string? Text, DateTimeOffset At, string? Detail, bool Unsent);

public enum InteractionDirectionName
{
    Inbound,
    Outbound,
}

/// <summary>Reads conversations back for staff.</summary>
public interface ITranscript
{
    /// <summary>The latest lines of a conversation, oldest first.</summary>
    Task<IReadOnlyList<TranscriptLine>> RecentAsync(ConversationKey conversation, int take, CancellationToken cancellationToken);

    /// <summary>
    /// The inbound event behind a customer's line of the transcript (to fetch its picture from the
    /// platform); null when it is not the conversation's or its stored event was purged.
    /// </summary>
    Task<InboundEvent?> InboundEventAsync(ConversationKey conversation, long lineId, CancellationToken cancellationToken);

    /// <summary>The customer's last message in each of the conversations ("line:U…") that has one.</summary>
    Task<IReadOnlyDictionary<string, TranscriptLine>> LastInboundAsync(IReadOnlyCollection<string> conversations, CancellationToken cancellationToken);
}
