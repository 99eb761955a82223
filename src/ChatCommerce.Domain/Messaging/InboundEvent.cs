using System.Text.Json.Serialization;

namespace ChatCommerce.Domain.Messaging;

/// <summary>
/// One platform event in channel-neutral form. The original platform JSON is kept in
/// <see cref="RawJson"/> so that unknown types and properties are never lost.
/// </summary>
public sealed record InboundEvent
{
    public required Channel Channel { get; init; }

    /// <summary>Platform-unique id used for dedupe (LINE webhookEventId, Messenger mid).</summary>
    public required string EventId { get; init; }

    public required InboundEventKind Kind { get; init; }

    /// <summary>The platform's own type name, e.g. "message", "videoPlayComplete".</summary>
    public required string RawType { get; init; }

    /// <summary>When the event happened (platform clock, unchanged on redelivery).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public required ConversationKey Conversation { get; init; }

    /// <summary>The user who caused the event, when the platform says.</summary>
    public string? SenderId { get; init; }

    /// <summary>A chat with its sender alone (not a group or room): what is said in it is theirs.</summary>
    [JsonIgnore] // worked out from the fields, so not stored with them (nor the next one)
    public bool IsOneToOne => SenderId is not null && Conversation.ChatId == SenderId;

    public string? ReplyToken { get; init; }

    public bool IsRedelivery { get; init; }

    /// <summary>True when another app or mode owns the chat: record it, never answer.</summary>
    public bool IsStandby { get; init; }

    public MessageContentType ContentType { get; init; }

    public string? MessageId { get; init; }

    public string? Text { get; init; }

    /// <summary>Quick-reply payload (Messenger) or postback data (LINE and Messenger).</summary>
    public string? Payload { get; init; }

    public IReadOnlyDictionary<string, string>? PostbackParams { get; init; }

    public string? MediaUrl { get; init; }

    public InboundLocation? Location { get; init; }

    public string? StickerId { get; init; }

    /// <summary>For unsend: the message to delete from the record.</summary>
    public string? TargetMessageId { get; init; }

    public string? MarkAsReadToken { get; init; }

    public required string RawJson { get; init; }

    /// <summary>True when the event carries something a shopper said or tapped.</summary>
    [JsonIgnore]
    public bool IsConversational => Kind is InboundEventKind.Message or InboundEventKind.Postback or InboundEventKind.Follow;
}
