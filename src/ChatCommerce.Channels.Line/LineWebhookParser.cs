using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Channels.Line;

/// <summary>
/// Turns a LINE webhook body into channel-neutral events. Tolerant: unknown event types and
/// properties are kept (kind <see cref="InboundEventKind.Unknown"/>, raw JSON preserved); only a
/// body that is not a webhook at all is refused.
/// </summary>
public static class LineWebhookParser
{
    /// <summary>Chat id used for events that name no user, group or room.</summary>
    public const string UnroutedChatId = "_unrouted";

    public static LineWebhook Parse(ReadOnlySpan<byte> body)
    {
        using var document = WebhookJson.ParseObject(body);
        var root = document.RootElement;
        var destination = JsonValues.Str(root, "destination");
        if (!root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            throw new WebhookFormatException("The body has no events array.");
        }

        var parsed = new List<InboundEvent>(events.GetArrayLength());
        foreach (var item in events.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                parsed.Add(ParseEvent(item));
            }
        }

        return new LineWebhook(destination, parsed);
    }

    private static InboundEvent ParseEvent(JsonElement e)
    {
        var raw = e.GetRawText();
        var type = Str(e, "type") ?? "";
        var source = e.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        var userId = source.ValueKind == JsonValueKind.Object ? Str(source, "userId") : null;
        var chatId = source.ValueKind != JsonValueKind.Object ? null : Str(source, "type") switch
        {
            "group" => Str(source, "groupId"),
            "room" => Str(source, "roomId"),
            _ => userId,
        };

        var kind = KindOf(type);
        var message = e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var postback = e.TryGetProperty("postback", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var timestamp = JsonValues.Int64(e, "timestamp");

        return new InboundEvent
        {
            Channel = Channel.Line,
            EventId = Str(e, "webhookEventId") ?? FallbackId(raw),
            Kind = chatId is null && kind != InboundEventKind.Unknown ? InboundEventKind.Unknown : kind,
            RawType = type,
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(timestamp, 0, 253402300799999)),
            Conversation = new ConversationKey(Channel.Line, chatId ?? UnroutedChatId),
            SenderId = userId,
            ReplyToken = Str(e, "replyToken"),
            IsRedelivery = e.TryGetProperty("deliveryContext", out var dc) && dc.ValueKind == JsonValueKind.Object
                && dc.TryGetProperty("isRedelivery", out var r) && r.ValueKind == JsonValueKind.True,
            IsStandby = Str(e, "mode") == "standby",
            ContentType = message.ValueKind == JsonValueKind.Object ? ContentTypeOf(Str(message, "type")) : MessageContentType.None,
            MessageId = message.ValueKind == JsonValueKind.Object ? Str(message, "id") : null,
            Text = message.ValueKind == JsonValueKind.Object ? Str(message, "text") : null,
            MarkAsReadToken = message.ValueKind == JsonValueKind.Object ? Str(message, "markAsReadToken") : null,
            StickerId = message.ValueKind == JsonValueKind.Object ? Str(message, "stickerId") : null,
            Location = LocationOf(message),
            MediaUrl = MediaUrlOf(message),
            Payload = postback.ValueKind == JsonValueKind.Object ? Str(postback, "data") : null,
            PostbackParams = ParamsOf(postback),
            TargetMessageId = e.TryGetProperty("unsend", out var u) && u.ValueKind == JsonValueKind.Object ? Str(u, "messageId") : null,
            RawJson = raw,
        };
    }

    private static InboundEventKind KindOf(string type) => type switch
    {
        "message" => InboundEventKind.Message,
        "postback" => InboundEventKind.Postback,
        "follow" => InboundEventKind.Follow,
        "unfollow" => InboundEventKind.Unfollow,
        "unsend" => InboundEventKind.Unsend,
        "join" => InboundEventKind.Join,
        "leave" => InboundEventKind.Leave,
        "memberJoined" => InboundEventKind.MemberJoined,
        "memberLeft" => InboundEventKind.MemberLeft,
        "beacon" => InboundEventKind.Beacon,
        "accountLink" => InboundEventKind.AccountLink,
        _ => InboundEventKind.Unknown,
    };

    private static MessageContentType ContentTypeOf(string? type) => type switch
    {
        "text" => MessageContentType.Text,
        "image" => MessageContentType.Image,
        "video" => MessageContentType.Video,
        "audio" => MessageContentType.Audio,
        "file" => MessageContentType.File,
        "location" => MessageContentType.Location,
        "sticker" => MessageContentType.Sticker,
        _ => MessageContentType.Other,
    };

    private static InboundLocation? LocationOf(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object || Str(message, "type") != "location")
        {
            return null;
        }

        var lat = JsonValues.Double(message, "latitude");
        var lon = JsonValues.Double(message, "longitude");
        return new InboundLocation(Str(message, "title"), Str(message, "address"), lat, lon);
    }

    private static string? MediaUrlOf(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("contentProvider", out var provider) || provider.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // "line" content is fetched from the data API by message id; "external" carries its URL.
        return Str(provider, "type") == "external" ? Str(provider, "originalContentUrl") : null;
    }

    private static Dictionary<string, string>? ParamsOf(JsonElement postback)
    {
        if (postback.ValueKind != JsonValueKind.Object
            || !postback.TryGetProperty("params", out var ps) || ps.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in ps.EnumerateObject())
        {
            result[property.Name] = JsonValues.Raw(property.Value);
        }

        return result;
    }

    private static string? Str(JsonElement element, string name) =>
        JsonValues.Str(element, name);

    private static string FallbackId(string raw) =>
        "h:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)))[..32];
}
