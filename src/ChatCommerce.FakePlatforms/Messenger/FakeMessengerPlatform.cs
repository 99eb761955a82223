using System.Text.Json.Nodes;
using ChatCommerce.Channels.Messenger;

namespace ChatCommerce.FakePlatforms.Messenger;

/// <summary>
/// A Messenger platform in memory: who last wrote when (the 24-hour window), who owns each thread,
/// and everything the bot sent. Builds, signs and delivers webhooks.
/// </summary>
public sealed class FakeMessengerPlatform(FakeMessengerOptions options, TimeProvider? time = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (byte[] Bytes, string ContentType)> _media = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastUserMessage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _threadOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _itemsById = new(StringComparer.Ordinal);
    private readonly List<FakeMessengerSend> _sent = [];
    private readonly List<WebhookAttempt> _webhooks = [];
    private long _sequence;

    public FakeMessengerOptions Options => options;

    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    private readonly Dictionary<string, (string FirstName, string LastName, string? Locale)> _users = [];
    private readonly Dictionary<string, string> _appScoped = new(StringComparer.Ordinal);

    public FakeFailures Failures { get; } = new();

    /// <summary>The page's Messenger profile as last set (Get Started, persistent menu).</summary>
    public JsonObject? Profile { get; set; }

    public IReadOnlyList<FakeMessengerSend> Sent
    {
        get { lock (_gate) { return [.. _sent]; } }
    }

    public IReadOnlyList<WebhookAttempt> Webhooks
    {
        get { lock (_gate) { return [.. _webhooks]; } }
    }

    public IReadOnlyList<FakeMessengerSend> SentTo(string psid)
    {
        lock (_gate)
        {
            return _sent.Where(s => s.Psid == psid).ToList();
        }
    }

    /// <summary>Registers a user the User Profile API knows (first and last name, locale like "th_TH").</summary>
    public void AddUser(string psid, string firstName, string lastName, string? locale = "th_TH")
    {
        lock (_gate)
        {
            _users[psid] = (firstName, lastName, locale);
        }
    }

    /// <summary>The user known to the app by <paramref name="asid"/> wrote to the page as <paramref name="psid"/> (Meta's ID matching).</summary>
    public void AddAppScopedId(string asid, string psid)
    {
        lock (_gate)
        {
            _appScoped[asid] = psid;
        }
    }

    public string? PageScopedId(string asid)
    {
        lock (_gate)
        {
            return _appScoped.TryGetValue(asid, out var psid) ? psid : null;
        }
    }

    /// <summary>The form field Meta posts to the data-deletion callback when the user removes the app.</summary>
    public string SignedDeletionRequest(string asid) => MessengerSignedRequest.Sign(options.AppSecret, new JsonObject
    {
        ["algorithm"] = "HMAC-SHA256",
        ["expires"] = Time.GetUtcNow().ToUnixTimeSeconds() + 3600,
        ["issued_at"] = Time.GetUtcNow().ToUnixTimeSeconds(),
        ["user_id"] = asid,
    });

    public (string FirstName, string LastName, string? Locale)? FindUser(string psid)
    {
        lock (_gate)
        {
            return _users.TryGetValue(psid, out var user) ? user : null;
        }
    }

    /// <summary>Sets when the user last wrote (opens or, set in the past, closes the 24-hour window).</summary>
    public void SetLastUserMessage(string psid, DateTimeOffset at)
    {
        lock (_gate)
        {
            _lastUserMessage[psid] = at;
        }
    }

    public string ThreadOwner(string psid)
    {
        lock (_gate)
        {
            return _threadOwner.GetValueOrDefault(psid, options.AppId);
        }
    }

    public void SetThreadOwner(string psid, string appId)
    {
        lock (_gate)
        {
            _threadOwner[psid] = appId;
        }
    }

    // ---- items ------------------------------------------------------------------------------

    public JsonObject TextItem(string psid, string text, string? quickReplyPayload = null, DateTimeOffset? at = null)
    {
        var message = new JsonObject { ["mid"] = NextMid(), ["text"] = text };
        if (quickReplyPayload is not null)
        {
            message["quick_reply"] = new JsonObject { ["payload"] = quickReplyPayload };
        }

        return Item(psid, at, "message", message);
    }

    /// <summary>Where the fake serves attachment pictures (its Graph prefix); set by whoever maps the endpoints.</summary>
    public string MediaBaseUrl { get; set; } = "";

    /// <summary>An image message; its attachment URL serves the picture, as Meta's CDN would.</summary>
    public JsonObject ImageItem(string psid, byte[] picture, string contentType = "image/jpeg", DateTimeOffset? at = null)
    {
        var id = Guid.NewGuid().ToString("N");
        lock (_gate)
        {
            _media[id] = (picture, contentType);
        }

        return Item(psid, at, "message", new JsonObject
        {
            ["mid"] = NextMid(),
            ["attachments"] = new JsonArray(new JsonObject { ["type"] = "image", ["payload"] = new JsonObject { ["url"] = $"{MediaBaseUrl}/_media/{id}?oh=fake" } }),
        });
    }

    /// <summary>An attachment's picture; null for an unknown id.</summary>
    public (byte[] Bytes, string ContentType)? Media(string id)
    {
        lock (_gate)
        {
            return _media.TryGetValue(id, out var media) ? media : null;
        }
    }

    public JsonObject PostbackItem(string psid, string title, string payload, DateTimeOffset? at = null) =>
        Item(psid, at, "postback", new JsonObject { ["mid"] = NextMid(), ["title"] = title, ["payload"] = payload });

    public JsonObject EchoItem(string psid, string text) =>
        new()
        {
            ["sender"] = new JsonObject { ["id"] = options.PageId },
            ["recipient"] = new JsonObject { ["id"] = psid },
            ["timestamp"] = Time.GetUtcNow().ToUnixTimeMilliseconds(),
            ["message"] = new JsonObject { ["mid"] = NextMid(), ["is_echo"] = true, ["app_id"] = long.Parse(options.AppId, System.Globalization.CultureInfo.InvariantCulture), ["text"] = text },
        };

    public JsonObject Item(string psid, DateTimeOffset? at, string field, JsonObject content) => new()
    {
        ["sender"] = new JsonObject { ["id"] = psid },
        ["recipient"] = new JsonObject { ["id"] = options.PageId },
        ["timestamp"] = (at ?? Time.GetUtcNow()).ToUnixTimeMilliseconds(),
        [field] = content,
    };

    // ---- delivery -----------------------------------------------------------------------

    /// <summary>
    /// Delivers the items in one webhook. Items of threads another app owns go under <c>standby</c>,
    /// as Meta routes them; user messages and postbacks open the 24-hour window.
    /// </summary>
    public async Task<WebhookAttempt> DeliverAsync(IEnumerable<JsonObject> items, CancellationToken cancellationToken = default)
    {
        var messaging = new JsonArray();
        var standby = new JsonArray();
        var ids = new List<string>();
        lock (_gate)
        {
            foreach (var item in items.Select(i => i.DeepClone().AsObject()))
            {
                var psid = (string?)item["sender"]?["id"] ?? "";
                var isEcho = item["message"]?["is_echo"]?.GetValue<bool>() == true;
                if (!isEcho && (item["message"] is not null || item["postback"] is not null))
                {
                    var at = DateTimeOffset.FromUnixTimeMilliseconds((long)item["timestamp"]!);
                    _lastUserMessage[psid] = _lastUserMessage.TryGetValue(psid, out var last) && last > at ? last : at;
                }

                var mid = (string?)item["message"]?["mid"] ?? (string?)item["postback"]?["mid"];
                if (mid is not null)
                {
                    _itemsById[mid] = (JsonObject)item.DeepClone();
                    ids.Add(mid);
                }

                var owner = isEcho ? options.AppId : _threadOwner.GetValueOrDefault(psid, options.AppId);
                (owner == options.AppId ? messaging : standby).Add(item);
            }
        }

        var entry = new JsonObject { ["id"] = options.PageId, ["time"] = Time.GetUtcNow().ToUnixTimeMilliseconds() };
        if (messaging.Count > 0)
        {
            entry["messaging"] = messaging;
        }

        if (standby.Count > 0)
        {
            entry["standby"] = standby;
        }

        return await PostAsync(new JsonObject { ["object"] = "page", ["entry"] = new JsonArray(entry) }, ids, cancellationToken);
    }

    public Task<WebhookAttempt> DeliverAsync(JsonObject item, CancellationToken cancellationToken = default) => DeliverAsync([item], cancellationToken);

    /// <summary>Meta retries until it gets a 200: the same item again, same mid.</summary>
    public Task<WebhookAttempt> RedeliverAsync(string mid, CancellationToken cancellationToken = default)
    {
        JsonObject item;
        lock (_gate)
        {
            item = (JsonObject)_itemsById[mid].DeepClone();
        }

        return DeliverAsync(item, cancellationToken);
    }

    /// <summary>The subscription handshake: GET with hub.mode, hub.verify_token, hub.challenge.</summary>
    public async Task<(int Status, string Body)> VerifyAsync(string verifyToken, string challenge, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient();
        var url = $"{options.WebhookUrl}?hub.mode=subscribe&hub.verify_token={Uri.EscapeDataString(verifyToken)}&hub.challenge={Uri.EscapeDataString(challenge)}";
        using var response = await http.GetAsync(url, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public Task<WebhookAttempt> PostRawAsync(byte[] body, string signature, CancellationToken cancellationToken = default) =>
        WebhookSender.PostAsync(options.WebhookUrl, body, MessengerSignature.Header, signature, options.WebhookTimeout, [], cancellationToken);

    private async Task<WebhookAttempt> PostAsync(JsonObject body, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        // System.Text.Json's default encoder escapes non-ASCII as \uXXXX, as Meta does.
        var bytes = WebhookSender.Utf8(body.ToJsonString());
        var attempt = await WebhookSender.PostAsync(
            options.WebhookUrl, bytes, MessengerSignature.Header, MessengerSignature.Compute(options.AppSecret, bytes), options.WebhookTimeout, ids, cancellationToken);
        lock (_gate)
        {
            _webhooks.Add(attempt);
        }

        return attempt;
    }

    // ---- API behaviour ------------------------------------------------------------------

    internal DateTimeOffset? LastUserMessage(string psid)
    {
        lock (_gate)
        {
            return _lastUserMessage.TryGetValue(psid, out var at) ? at : null;
        }
    }

    internal FakeMessengerSend RecordSend(string psid, string? messagingType, string? tag, JsonObject? message, string? action)
    {
        var send = new FakeMessengerSend(psid, messagingType, tag, message, action, NextMid(), Time.GetUtcNow());
        lock (_gate)
        {
            _sent.Add(send);
        }

        if (options.EchoSends && message is not null && !string.IsNullOrEmpty(options.WebhookUrl))
        {
            var echo = EchoItem(psid, (string?)message["text"] ?? "");
            echo["message"]!["mid"] = send.MessageId;
            if (message["metadata"] is { } metadata)
            {
                echo["message"]!["metadata"] = metadata.DeepClone();
            }

            // As Meta: shortly after the send, retried until the bot takes it.
            _ = Task.Run(async () =>
            {
                for (var attempt = 0; attempt < 20 && !(await DeliverAsync(echo)).Succeeded; attempt++)
                {
                    await Task.Delay(250);
                }
            });
        }

        return send;
    }

    private string NextMid() => "m_" + Interlocked.Increment(ref _sequence).ToString("D10", System.Globalization.CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..12];
}
