using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Channels.Messenger;

/// <summary>
/// Turns a Messenger webhook body into channel-neutral events: every entry, every
/// <c>messaging</c> item, and every <c>standby</c> item (marked so it is never answered).
/// Echoes of our own sends are dropped, but for those carrying our delivery marker: they become
/// <see cref="InboundEventKind.Echo"/> events, the proof that a message part arrived.
/// </summary>
public static class MessengerWebhookParser
{
    public static IReadOnlyList<InboundEvent> Parse(ReadOnlySpan<byte> body)
    {
        using var document = WebhookJson.ParseObject(body);
        var root = document.RootElement;
        if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            throw new WebhookFormatException("The body has no entry array.");
        }

        var events = new List<InboundEvent>();
        foreach (var entry in entries.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
        {
            AddItems(entry, "messaging", standby: false, events);
            AddItems(entry, "standby", standby: true, events);
        }

        return events;
    }

    private static void AddItems(JsonElement entry, string field, bool standby, List<InboundEvent> events)
    {
        if (!entry.TryGetProperty(field, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var item in items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
        {
            if (ParseItem(item, standby) is { } parsed)
            {
                events.Add(parsed);
            }
        }
    }

    private static InboundEvent? ParseItem(JsonElement item, bool standby)
    {
        var message = Obj(item, "message");
        if (message is { } echo && echo.TryGetProperty("is_echo", out var isEcho) && isEcho.ValueKind == JsonValueKind.True)
        {
            // Our own sends come back as echoes: kept only when they carry our delivery marker.
            return Str(echo, "metadata") is { } marker && DeliveryMarker.TryParse(marker, out _, out _) && Obj(item, "recipient") is { } to && Str(to, "id") is { } psid
                ? new InboundEvent
                {
                    Channel = Channel.Messenger,
                    EventId = Str(echo, "mid") ?? "echo:" + marker,
                    Kind = InboundEventKind.Echo,
                    RawType = "message_echo",
                    Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(JsonValues.Int64(item, "timestamp"), 0, 253402300799999)),
                    Conversation = new ConversationKey(Channel.Messenger, psid),
                    Payload = marker,
                    RawJson = "{}",
                }
                : null;
        }

        var raw = item.GetRawText();
        var sender = Obj(item, "sender") is { } s ? Str(s, "id") : null;
        var timestamp = JsonValues.Int64(item, "timestamp");
        var postback = Obj(item, "postback");
        var read = Obj(item, "read");
        var delivery = Obj(item, "delivery");

        var (kind, rawType, id) = (message, postback, read, delivery) switch
        {
            ({ } m, _, _, _) => (InboundEventKind.Message, "message", Str(m, "mid")),
            (_, { } p, _, _) => (InboundEventKind.Postback, "postback", Str(p, "mid")),
            (_, _, { } r, _) => (InboundEventKind.Read, "read", $"read:{sender}:{Num(r, "watermark")}"),
            (_, _, _, { } d) => (InboundEventKind.Delivery, "delivery", $"delivery:{sender}:{Num(d, "watermark")}"),
            _ => HandoverOrUnknown(item),
        };

        var attachment = message is { } withAttachments && withAttachments.TryGetProperty("attachments", out var list)
            && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0 ? list[0] : default;

        return new InboundEvent
        {
            Channel = Channel.Messenger,
            EventId = id ?? "h:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)))[..32],
            Kind = sender is null ? InboundEventKind.Unknown : kind,
            RawType = rawType,
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(timestamp, 0, 253402300799999)),
            Conversation = new ConversationKey(Channel.Messenger, sender ?? "_unrouted"),
            SenderId = sender,
            IsStandby = standby,
            ContentType = message is { } msg ? ContentTypeOf(msg, attachment) : MessageContentType.None,
            MessageId = message is { } mm ? Str(mm, "mid") : postback is { } pp ? Str(pp, "mid") : null,
            Text = message is { } mt ? Str(mt, "text") : postback is { } pt ? Str(pt, "title") : null,
            Payload = message is { } mq && Obj(mq, "quick_reply") is { } qr ? Str(qr, "payload") : postback is { } pl ? Str(pl, "payload") : null,
            MediaUrl = attachment.ValueKind == JsonValueKind.Object && Obj(attachment, "payload") is { } ap ? Str(ap, "url") : null,
            Location = LocationOf(attachment),
            RawJson = raw,
        };
    }

    private static (InboundEventKind, string, string?) HandoverOrUnknown(JsonElement item)
    {
        foreach (var name in new[] { "pass_thread_control", "take_thread_control", "request_thread_control" })
        {
            if (item.TryGetProperty(name, out _))
            {
                return (InboundEventKind.Handover, name, null);
            }
        }

        var first = item.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("sender" or "recipient" or "timestamp"));
        return (InboundEventKind.Unknown, first ?? "unknown", null);
    }

    private static MessageContentType ContentTypeOf(JsonElement message, JsonElement attachment)
    {
        if (attachment.ValueKind != JsonValueKind.Object)
        {
            return Str(message, "text") is null ? MessageContentType.Other : MessageContentType.Text;
        }

        return Str(attachment, "type") switch
        {
            "image" => message.TryGetProperty("sticker_id", out _) ? MessageContentType.Sticker : MessageContentType.Image,
            "video" => MessageContentType.Video,
            "audio" => MessageContentType.Audio,
            "file" => MessageContentType.File,
            "location" => MessageContentType.Location,
            _ => MessageContentType.Other,
        };
    }

    private static InboundLocation? LocationOf(JsonElement attachment)
    {
        if (attachment.ValueKind != JsonValueKind.Object || Str(attachment, "type") != "location"
            || Obj(attachment, "payload") is not { } payload || Obj(payload, "coordinates") is not { } c)
        {
            return null;
        }

        var lat = JsonValues.Double(c, "lat");
        var lon = JsonValues.Double(c, "long");
        return new InboundLocation(Str(attachment, "title"), null, lat, lon);
    }

    private static JsonElement? Obj(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? Str(JsonElement element, string name) =>
        JsonValues.Str(element, name);

    private static string Num(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "0";
}
