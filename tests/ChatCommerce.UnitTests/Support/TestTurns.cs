using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.State;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Understanding;

namespace ChatCommerce.UnitTests.Support;

/// <summary>Turn inputs for engine and flow tests: a LINE message or button press.</summary>
public static class TestTurns
{
    public static TurnInput Input(string? text, string? payload = null, string intent = "unknown", DialogStack? stack = null) => new(
        new InboundEvent
        {
            Channel = Channel.Line,
            EventId = Guid.NewGuid().ToString(),
            Kind = payload is null ? InboundEventKind.Message : InboundEventKind.Postback,
            RawType = payload is null ? "message" : "postback",
            Timestamp = DateTimeOffset.UnixEpoch,
            Conversation = new ConversationKey(Channel.Line, "U1"),
            ContentType = payload is null ? MessageContentType.Text : MessageContentType.None,
            Text = text,
            Payload = payload,
            RawJson = "{}",
        },
        new ConversationState { Dialog = stack ?? DialogStack.Empty },
        null,
        intent == "unknown" ? MessageUnderstanding.None : new MessageUnderstanding(intent, 0.9f, "neutral", 0.9f, []));
}
