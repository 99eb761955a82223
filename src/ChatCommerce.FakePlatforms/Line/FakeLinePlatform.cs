using System.Text.Json.Nodes;
using ChatCommerce.Channels.Line;

namespace ChatCommerce.FakePlatforms.Line;

/// <summary>
/// A LINE platform in memory: users, reply tokens, retry keys and everything the bot sent.
/// Builds, signs and delivers webhooks; <see cref="FakeLineEndpoints"/> serves its API.
/// </summary>
public sealed class FakeLinePlatform(FakeLineOptions options, TimeProvider? time = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string DisplayName, string? Language)> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReplyTokenState> _replyTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string RequestId, DateTimeOffset At)> _retryKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _eventsById = new(StringComparer.Ordinal);
    private readonly List<FakeLineSend> _sent = [];
    private readonly List<WebhookAttempt> _webhooks = [];
    private readonly List<(string ChatId, int Seconds)> _loading = [];
    private readonly Dictionary<string, (byte[] Bytes, string ContentType)> _content = new(StringComparer.Ordinal);
    private long _sequence;

    public FakeLineOptions Options => options;

    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    public FakeFailures Failures { get; } = new();

    public FakeRichMenus RichMenus { get; } = new();

    public IReadOnlyList<FakeLineSend> Sent
    {
        get { lock (_gate) { return [.. _sent]; } }
    }

    public IReadOnlyList<WebhookAttempt> Webhooks
    {
        get { lock (_gate) { return [.. _webhooks]; } }
    }

    public IReadOnlyList<(string ChatId, int Seconds)> LoadingCalls
    {
        get { lock (_gate) { return [.. _loading]; } }
    }

    public void AddUser(string userId, string displayName, string? language = "th")
    {
        lock (_gate)
        {
            _users[userId] = (displayName, language);
        }
    }

    public (string DisplayName, string? Language)? FindUser(string userId)
    {
        lock (_gate)
        {
            return _users.TryGetValue(userId, out var user) ? user : null;
        }
    }

    /// <summary>Messages sent to one chat, oldest first.</summary>
    public IReadOnlyList<FakeLineSend> SentTo(string chatId)
    {
        lock (_gate)
        {
            return _sent.Where(s => s.To == chatId).ToList();
        }
    }

    // ---- events -------------------------------------------------------------------------

    public JsonObject TextEvent(string userId, string text, DateTimeOffset? at = null) =>
        Event("message", userId, at, new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["id"] = NextId("m"),
                ["type"] = "text",
                ["text"] = text,
                ["quoteToken"] = NextId("q"),
                ["markAsReadToken"] = NextId("r"),
            },
        });

    /// <summary>An image message whose picture the content API then serves (a slip, a product photo).</summary>
    public JsonObject ImageEvent(string userId, byte[] picture, string contentType = "image/jpeg", DateTimeOffset? at = null)
    {
        var id = NextId("m");
        lock (_gate)
        {
            _content[id] = (picture, contentType);
        }

        return Event("message", userId, at, new JsonObject
        {
            ["message"] = new JsonObject { ["id"] = id, ["type"] = "image", ["contentProvider"] = new JsonObject { ["type"] = "line" }, ["quoteToken"] = NextId("q") },
        });
    }

    /// <summary>What a user sent with a message, as the data API serves it; null for an unknown id.</summary>
    public (byte[] Bytes, string ContentType)? Content(string messageId)
    {
        lock (_gate)
        {
            return _content.TryGetValue(messageId, out var content) ? content : null;
        }
    }

    public JsonObject PostbackEvent(string userId, string data, DateTimeOffset? at = null) =>
        Event("postback", userId, at, new JsonObject { ["postback"] = new JsonObject { ["data"] = data } });

    public JsonObject FollowEvent(string userId, bool unblocked = false) =>
        Event("follow", userId, null, new JsonObject { ["follow"] = new JsonObject { ["isUnblocked"] = unblocked } });

    /// <summary>An event of any type, with the common properties LINE always sends.</summary>
    public JsonObject Event(string type, string userId, DateTimeOffset? at, JsonObject? extra = null, string mode = "active", JsonObject? source = null)
    {
        var e = new JsonObject
        {
            ["type"] = type,
            ["timestamp"] = (at ?? Time.GetUtcNow()).ToUnixTimeMilliseconds(),
            ["mode"] = mode,
            ["webhookEventId"] = NextUlid(),
            ["deliveryContext"] = new JsonObject { ["isRedelivery"] = false },
            ["source"] = source ?? new JsonObject { ["type"] = "user", ["userId"] = userId },
        };
        if (HasReplyToken(type) && mode == "active")
        {
            e["replyToken"] = "pending";
        }

        foreach (var (name, value) in extra ?? [])
        {
            e[name] = value?.DeepClone();
        }

        return e;
    }

    // ---- delivery -----------------------------------------------------------------------

    /// <summary>Signs and posts one webhook carrying the events; each gets a fresh reply token.</summary>
    public Task<WebhookAttempt> DeliverAsync(IEnumerable<JsonObject> events, CancellationToken cancellationToken = default) =>
        DeliverToAsync(options.WebhookUrl, events, cancellationToken);

    /// <summary>As <see cref="DeliverAsync(IEnumerable{JsonObject}, CancellationToken)"/>, to another address (one of several instances).</summary>
    public async Task<WebhookAttempt> DeliverToAsync(string webhookUrl, IEnumerable<JsonObject> events, CancellationToken cancellationToken = default)
    {
        var list = events.Select(e => e.DeepClone().AsObject()).ToList();
        lock (_gate)
        {
            foreach (var e in list)
            {
                _eventsById[(string)e["webhookEventId"]!] = e.DeepClone().AsObject();
                if (e["replyToken"] is not null)
                {
                    e["replyToken"] = IssueReplyToken(e);
                }
            }
        }

        var body = new JsonObject { ["destination"] = options.Destination, ["events"] = new JsonArray([.. list]) };
        return await PostAsync(webhookUrl, body, list.Select(e => (string)e["webhookEventId"]!).ToList(), cancellationToken);
    }

    public Task<WebhookAttempt> DeliverAsync(JsonObject e, CancellationToken cancellationToken = default) => DeliverAsync([e], cancellationToken);

    /// <summary>Delivers an event again, identical but for isRedelivery and a new reply token.</summary>
    public Task<WebhookAttempt> RedeliverAsync(string webhookEventId, CancellationToken cancellationToken = default) =>
        RedeliverToAsync(options.WebhookUrl, webhookEventId, cancellationToken);

    /// <summary>As <see cref="RedeliverAsync"/>, to another address (one of several instances).</summary>
    public Task<WebhookAttempt> RedeliverToAsync(string webhookUrl, string webhookEventId, CancellationToken cancellationToken = default) =>
        RedeliverToAsync(webhookUrl, [webhookEventId], cancellationToken);

    /// <summary>Delivers events again in one webhook, each identical but for isRedelivery and a new reply token.</summary>
    public Task<WebhookAttempt> RedeliverToAsync(string webhookUrl, IReadOnlyList<string> webhookEventIds, CancellationToken cancellationToken = default)
    {
        var again = new List<JsonObject>(webhookEventIds.Count);
        lock (_gate)
        {
            foreach (var id in webhookEventIds)
            {
                var e = _eventsById[id].DeepClone().AsObject();
                e["deliveryContext"] = new JsonObject { ["isRedelivery"] = true };
                again.Add(e);
            }
        }

        return DeliverToAsync(webhookUrl, again, cancellationToken);
    }

    /// <summary>
    /// Delivers the events and, while the bot does not acknowledge them in time, delivers them again
    /// (at most <paramref name="redeliveries"/> times), as LINE does with webhook redelivery turned on.
    /// Returns the last attempt.
    /// </summary>
    public async Task<WebhookAttempt> DeliverWithRedeliveryAsync(
        string webhookUrl, IReadOnlyList<JsonObject> events, int redeliveries = 2, CancellationToken cancellationToken = default)
    {
        var attempt = await DeliverToAsync(webhookUrl, events, cancellationToken);
        for (var again = 0; !attempt.Succeeded && again < redeliveries; again++)
        {
            attempt = await RedeliverToAsync(webhookUrl, attempt.EventIds, cancellationToken);
        }

        return attempt;
    }

    /// <summary>As <see cref="DeliverWithRedeliveryAsync(string, IReadOnlyList{JsonObject}, int, CancellationToken)"/>, to the bot's address.</summary>
    public Task<WebhookAttempt> DeliverWithRedeliveryAsync(IReadOnlyList<JsonObject> events, CancellationToken cancellationToken = default) =>
        DeliverWithRedeliveryAsync(options.WebhookUrl, events, cancellationToken: cancellationToken);

    /// <summary>LINE's "verify" button: an empty events array.</summary>
    public Task<WebhookAttempt> VerifyAsync(CancellationToken cancellationToken = default) =>
        PostAsync(options.WebhookUrl, new JsonObject { ["destination"] = options.Destination, ["events"] = new JsonArray() }, [], cancellationToken);

    /// <summary>Posts exact bytes with a given signature (for forged or malformed requests).</summary>
    public Task<WebhookAttempt> PostRawAsync(byte[] body, string signature, CancellationToken cancellationToken = default) =>
        WebhookSender.PostAsync(options.WebhookUrl, body, LineSignature.Header, signature, options.WebhookTimeout, [], cancellationToken);

    private async Task<WebhookAttempt> PostAsync(string webhookUrl, JsonObject body, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var bytes = WebhookSender.Utf8(body.ToJsonString());
        var attempt = await WebhookSender.PostAsync(
            webhookUrl, bytes, LineSignature.Header, LineSignature.Compute(options.ChannelSecret, bytes), options.WebhookTimeout, ids, cancellationToken);
        lock (_gate)
        {
            _webhooks.Add(attempt);
        }

        return attempt;
    }

    // ---- API behaviour (called by the endpoints) -----------------------------------------

    internal bool IsAuthorized(string? authorization) =>
        authorization == "Bearer " + options.ChannelAccessToken;

    /// <summary>Consumes a reply token; false when it is unknown, used or expired.</summary>
    public bool TryUseReplyToken(string token, out string chatId, out string eventId)
    {
        lock (_gate)
        {
            chatId = "";
            eventId = "";
            if (!_replyTokens.TryGetValue(token, out var state) || state.Used)
            {
                return false;
            }

            var now = Time.GetUtcNow();
            state.Used = true;
            chatId = state.ChatId;
            eventId = state.EventId;
            return now - state.IssuedAt <= options.ReplyTokenLifetime
                && (!state.Redelivered || now - state.EventAt <= options.RedeliveredTokenCeiling);
        }
    }

    /// <summary>Ages every unused reply token past its lifetime, as if the bot had been too slow.</summary>
    public void ExpireIssuedReplyTokens()
    {
        lock (_gate)
        {
            foreach (var state in _replyTokens.Values.Where(s => !s.Used))
            {
                state.IssuedAt -= options.ReplyTokenLifetime + TimeSpan.FromSeconds(1);
            }
        }
    }

    /// <summary>Remembers a retry key; returns the request id it was first accepted under, or null if new.</summary>
    internal string? RememberRetryKey(string key, string requestId)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            if (_retryKeys.TryGetValue(key, out var seen) && now - seen.At < options.RetryKeyMemory)
            {
                return seen.RequestId;
            }

            _retryKeys[key] = (requestId, now);
            return null;
        }
    }

    internal void RecordSend(FakeLineSend send)
    {
        lock (_gate)
        {
            _sent.Add(send);
        }
    }

    internal void RecordLoading(string chatId, int seconds)
    {
        lock (_gate)
        {
            _loading.Add((chatId, seconds));
        }
    }

    internal string NewRequestId() => Guid.NewGuid().ToString("N");

    private string IssueReplyToken(JsonObject e)
    {
        var token = Guid.NewGuid().ToString("N");
        var source = e["source"] as JsonObject;
        var chatId = (string?)source?["groupId"] ?? (string?)source?["roomId"] ?? (string?)source?["userId"] ?? "";
        var redelivered = e["deliveryContext"]?["isRedelivery"]?.GetValue<bool>() == true;
        _replyTokens[token] = new ReplyTokenState(chatId, (string)e["webhookEventId"]!, Time.GetUtcNow(), DateTimeOffset.FromUnixTimeMilliseconds((long)e["timestamp"]!), redelivered);
        return token;
    }

    private static bool HasReplyToken(string type) =>
        type is "message" or "follow" or "join" or "memberJoined" or "postback" or "beacon" or "accountLink";

    private string NextId(string prefix) => prefix + Interlocked.Increment(ref _sequence).ToString("D12", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A ULID-shaped id (26 Crockford base-32 characters), time first.</summary>
    private string NextUlid()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var ms = (ulong)Time.GetUtcNow().ToUnixTimeMilliseconds();
        var chars = new char[26];
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = alphabet[(int)(ms & 31)];
            ms >>= 5;
        }

        var random = (ulong)Interlocked.Increment(ref _sequence) ^ (ulong)Random.Shared.NextInt64();
        for (var i = 25; i >= 10; i--)
        {
            chars[i] = alphabet[(int)(random & 31)];
            random = (random >> 5) | ((ulong)Random.Shared.Next(32) << 59);
        }

        return new string(chars);
    }

    private sealed class ReplyTokenState(string chatId, string eventId, DateTimeOffset issuedAt, DateTimeOffset eventAt, bool redelivered)
    {
        public string ChatId { get; } = chatId;

        public string EventId { get; } = eventId;

        public DateTimeOffset IssuedAt { get; set; } = issuedAt;

        public DateTimeOffset EventAt { get; } = eventAt;

        public bool Redelivered { get; } = redelivered;

        public bool Used { get; set; }
    }
}
