using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;

namespace ChatCommerce.Load;

/// <summary>A signed webhook ready to post, and the event it carries.</summary>
/// <param name="Seed">What the bot derives its idempotency from: "line:{webhookEventId}" or "messenger:{mid}".</param>
public sealed record Delivery(Shopper Shopper, string EventId, string Seed, string Path, string SignatureHeader, string Signature, byte[] Body, string? ReplyToken)
{
    /// <summary>Attempts at posting it (a refused or failed post is delivered again, as the platforms do).</summary>
    public int Attempts { get; set; }

    /// <summary>When it was meant to go out (latencies count from here, so a slow client is not hidden).</summary>
    public long ScheduledAt { get; set; }
}

/// <summary>Builds signed LINE and Messenger webhooks for a shopper's next step, as the platforms send them.</summary>
public sealed class Webhooks(string lineSecret, string messengerSecret, string pageId, StandInPlatform platform)
{
    private long _sequence;

    public Delivery Next(Shopper shopper)
    {
        var (text, postback, label) = shopper.Next();
        var n = Interlocked.Increment(ref _sequence);
        // Each of a shopper's messages happens after the one before, even within a millisecond.
        var now = shopper.LastTimestamp = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), shopper.LastTimestamp + 1);
        return shopper.OnMessenger ? Messenger(shopper, text, postback, label, n, now) : Line(shopper, text, postback, n, now);
    }

    /// <summary>The same event again, as a redelivery: LINE marks it and issues a new reply token; Meta sends it unchanged.</summary>
    public Delivery Again(Delivery delivery)
    {
        if (delivery.Shopper.OnMessenger || delivery.ReplyToken is null)
        {
            return delivery with { Attempts = delivery.Attempts };
        }

        var body = JsonNode.Parse(delivery.Body)!.AsObject();
        var e = body["events"]![0]!.AsObject();
        var token = platform.IssueReplyToken(delivery.EventId);
        e["replyToken"] = token;
        e["deliveryContext"] = new JsonObject { ["isRedelivery"] = true };
        return Signed(delivery.Shopper, delivery.EventId, delivery.Seed, "/webhooks/line", LineSignature.Header, body, token, isLine: true) with { Attempts = delivery.Attempts };
    }

    private Delivery Line(Shopper shopper, string? text, string? postback, long n, long now)
    {
        var eventId = "01LOAD" + n.ToString("D20", CultureInfo.InvariantCulture);
        var token = platform.IssueReplyToken(eventId);
        var e = new JsonObject
        {
            ["type"] = postback is null ? "message" : "postback",
            ["mode"] = "active",
            ["timestamp"] = now,
            ["webhookEventId"] = eventId,
            ["deliveryContext"] = new JsonObject { ["isRedelivery"] = false },
            ["source"] = new JsonObject { ["type"] = "user", ["userId"] = shopper.Id },
            ["replyToken"] = token,
        };
        if (postback is null)
        {
            e["message"] = new JsonObject { ["type"] = "text", ["id"] = (100_000_000_000 + n).ToString(CultureInfo.InvariantCulture), ["quoteToken"] = "q" + n, ["text"] = text };
        }
        else
        {
            e["postback"] = new JsonObject { ["data"] = postback };
        }

        var body = new JsonObject { ["destination"] = "U8e742f61d673b39c7fff3cecb7536ef0", ["events"] = new JsonArray(e) };
        return Signed(shopper, eventId, "line:" + eventId, "/webhooks/line", LineSignature.Header, body, token, isLine: true);
    }

    private Delivery Messenger(Shopper shopper, string? text, string? postback, string? label, long n, long now)
    {
        var mid = "m_load" + n.ToString("D20", CultureInfo.InvariantCulture);
        var item = new JsonObject
        {
            ["sender"] = new JsonObject { ["id"] = shopper.Id },
            ["recipient"] = new JsonObject { ["id"] = pageId },
            ["timestamp"] = now,
        };
        if (postback is null)
        {
            item["message"] = new JsonObject { ["mid"] = mid, ["text"] = text };
        }
        else
        {
            item["postback"] = new JsonObject { ["mid"] = mid, ["title"] = label, ["payload"] = postback };
        }

        var body = new JsonObject { ["object"] = "page", ["entry"] = new JsonArray(new JsonObject { ["id"] = pageId, ["time"] = now, ["messaging"] = new JsonArray(item) }) };
        return Signed(shopper, mid, "messenger:" + mid, "/webhooks/messenger", MessengerSignature.Header, body, null, isLine: false);
    }

    private Delivery Signed(Shopper shopper, string eventId, string seed, string path, string header, JsonObject body, string? token, bool isLine)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var signature = isLine ? LineSignature.Compute(lineSecret, bytes) : MessengerSignature.Compute(messengerSecret, bytes);
        return new Delivery(shopper, eventId, seed, path, header, signature, bytes, token);
    }
}
