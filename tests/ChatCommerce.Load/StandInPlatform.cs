using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Line;

namespace ChatCommerce.Load;

/// <summary>How the stand-in platform answers the bot's calls.</summary>
public enum PlatformMode
{
    Normal,

    /// <summary>Every call answers 500; nothing is delivered.</summary>
    ServerErrors,

    /// <summary>Every call answers 429 (Graph: code 613); nothing is delivered.</summary>
    RateLimited,

    /// <summary>Calls get no answer for <see cref="StandInPlatform.HangFor"/> (or until the caller gives up), then 500; nothing is delivered.</summary>
    Hanging,
}

/// <summary>
/// LINE's and Meta's send APIs as strict as they matter here, counting everything: reply tokens are
/// single use (a second use answers "Invalid reply token"), a repeated X-Line-Retry-Key answers 409,
/// Messenger sends are matched to their event by the metadata the bot puts on them. Every message
/// part delivered is tied to the event it answers, so answers, latencies and duplicates are exact.
/// </summary>
public sealed class StandInPlatform
{
    private readonly ConcurrentDictionary<string, TokenState> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EventRecord> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, (string Seed, int Part)> _retryKeys = new();
    private readonly ConcurrentDictionary<Guid, byte> _acceptedKeys = new();
    private long _replies, _pushes, _messengerSends, _repeatedKeys, _reusedTokens, _unmatched, _calls;

    private readonly System.Threading.Channels.Channel<(string Psid, string Marker)> _echoes = System.Threading.Channels.Channel.CreateUnbounded<(string, string)>();

    public PlatformMode Mode { get; set; } = PlatformMode.Normal;

    /// <summary>
    /// Echoes every Messenger message sent (with its metadata) to this webhook, signed, as Meta does
    /// for a page subscribed to message_echoes; retried until acknowledged, as Meta retries.
    /// </summary>
    public void EchoTo(string webhookUrl, string appSecret, string pageId) => _ = Task.Run(() => EchoAsync(webhookUrl, appSecret, pageId));

    private async Task EchoAsync(string webhookUrl, string appSecret, string pageId)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await foreach (var (psid, marker) in _echoes.Reader.ReadAllAsync())
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var body = new JsonObject
            {
                ["object"] = "page",
                ["entry"] = new JsonArray(new JsonObject
                {
                    ["id"] = pageId,
                    ["time"] = now,
                    ["messaging"] = new JsonArray(new JsonObject
                    {
                        ["sender"] = new JsonObject { ["id"] = pageId },
                        ["recipient"] = new JsonObject { ["id"] = psid },
                        ["timestamp"] = now,
                        ["message"] = new JsonObject { ["is_echo"] = true, ["app_id"] = 1234567890, ["metadata"] = marker, ["mid"] = "m_echo_" + Guid.NewGuid().ToString("N") },
                    }),
                }),
            }.ToJsonString();
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            for (var attempt = 0; attempt < 600; attempt++)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, webhookUrl) { Content = new ByteArrayContent(bytes) };
                    request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    request.Headers.Add(ChatCommerce.Channels.Messenger.MessengerSignature.Header, ChatCommerce.Channels.Messenger.MessengerSignature.Compute(appSecret, bytes));
                    using var response = await http.SendAsync(request);
                    if (response.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }

                await Task.Delay(500);
            }
        }
    }

    public TimeSpan HangFor { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Called when a shopper gets the first part of an answer, with the buttons it showed.</summary>
    public Action<EventRecord, IReadOnlyList<(string Label, string Data)>>? Answered { get; set; }

    public string IssueReplyToken(string eventId)
    {
        var token = Guid.NewGuid().ToString("N");
        _tokens[token] = new TokenState(eventId);
        return token;
    }

    /// <summary>Registers an event the load sends, so that what comes back can be tied to it.</summary>
    public EventRecord Expect(Delivery delivery)
    {
        var record = _events.GetOrAdd(delivery.Seed, _ => new EventRecord(delivery.Seed, delivery.Shopper, Stopwatch.GetTimestamp()));
        if (!delivery.Shopper.OnMessenger)
        {
            for (var part = 0; part < 5; part++)
            {
                _retryKeys.TryAdd(LineChannelGateway.RetryKey(delivery.Seed, part), (delivery.Seed, part));
            }
        }

        return record;
    }

    public IReadOnlyCollection<EventRecord> Events => (IReadOnlyCollection<EventRecord>)_events.Values;

    /// <summary>Forgets the events and counts so far (after the warm-up).</summary>
    public void Reset()
    {
        _events.Clear();
        Interlocked.Exchange(ref _replies, 0);
        Interlocked.Exchange(ref _pushes, 0);
        Interlocked.Exchange(ref _messengerSends, 0);
        Interlocked.Exchange(ref _repeatedKeys, 0);
        Interlocked.Exchange(ref _reusedTokens, 0);
        Interlocked.Exchange(ref _unmatched, 0);
        Interlocked.Exchange(ref _calls, 0);
    }

    public PlatformCounts Counts => new(
        Interlocked.Read(ref _replies), Interlocked.Read(ref _pushes), Interlocked.Read(ref _messengerSends),
        Interlocked.Read(ref _repeatedKeys), Interlocked.Read(ref _reusedTokens), Interlocked.Read(ref _unmatched), Interlocked.Read(ref _calls));

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/bot/message/reply", (Func<HttpContext, Task<IResult>>)ReplyAsync);
        app.MapPost("/v2/bot/message/push", (Func<HttpContext, Task<IResult>>)PushAsync);
        app.MapPost("/v2/bot/chat/loading/start", (Func<HttpContext, Task<IResult>>)(http => GuardedAsync(http, line: true, () => Task.FromResult(Results.Json(new { }, statusCode: 202)))));
        app.MapGet("/v2/bot/profile/{id}", (HttpContext http, string id) => GuardedAsync(http, line: true, () => Task.FromResult(Results.Json(new { userId = id, displayName = "ลูกค้า", language = "th" }))));
        app.MapPost("/{version}/me/messages", (Func<HttpContext, Task<IResult>>)MessengerAsync);
        app.MapGet("/{version}/{psid}", (HttpContext http, string psid) => GuardedAsync(http, line: false, () => Task.FromResult(Results.Json(new { id = psid, first_name = "ลูกค้า", last_name = "ทดสอบ", locale = "th_TH" }))));
    }

    private Task<IResult> ReplyAsync(HttpContext http) => GuardedAsync(http, line: true, async () =>
    {
        var body = await SendBody.ReadAsync(http.Request.BodyReader, http.RequestAborted);
        var token = body.ReplyToken ?? "";
        if (!_tokens.TryGetValue(token, out var state) || Interlocked.Exchange(ref state.Used, 1) == 1)
        {
            if (state is not null)
            {
                Interlocked.Increment(ref _reusedTokens);
            }

            return Results.Json(new { message = "Invalid reply token" }, statusCode: 400);
        }

        Interlocked.Increment(ref _replies);
        Deliver("line:" + state.EventId, 0, body.Buttons, "reply");
        return Results.Json(new { sentMessages = Array.Empty<object>() });
    });

    private Task<IResult> PushAsync(HttpContext http) => GuardedAsync(http, line: true, async () =>
    {
        var body = await SendBody.ReadAsync(http.Request.BodyReader, http.RequestAborted);
        if (!Guid.TryParse(http.Request.Headers["X-Line-Retry-Key"].ToString(), out var key) || !_acceptedKeys.TryAdd(key, 0))
        {
            Interlocked.Increment(ref _repeatedKeys);
            http.Response.Headers["x-line-accepted-request-id"] = "accepted-" + key.ToString("N")[..8];
            return Results.Json(new { message = "The retry key is already accepted" }, statusCode: 409);
        }

        Interlocked.Increment(ref _pushes);
        if (_retryKeys.TryGetValue(key, out var target))
        {
            Deliver(target.Seed, target.Part, body.Buttons, "push");
        }
        else
        {
            Interlocked.Increment(ref _unmatched);
        }

        return Results.Json(new { sentMessages = Array.Empty<object>() });
    });

    private Task<IResult> MessengerAsync(HttpContext http) => GuardedAsync(http, line: false, async () =>
    {
        var body = await SendBody.ReadAsync(http.Request.BodyReader, http.RequestAborted);
        if (body.SenderAction)
        {
            return Results.Json(new { recipient_id = body.RecipientId });
        }

        Interlocked.Increment(ref _messengerSends);
        var metadata = body.Metadata ?? "";
        var hash = metadata.LastIndexOf('#');
        if (metadata.StartsWith("cc:", StringComparison.Ordinal) && hash > 3 && int.TryParse(metadata[(hash + 1)..], out var part))
        {
            Deliver(metadata[3..hash], part, body.Buttons, "messenger");
            _echoes.Writer.TryWrite((body.RecipientId ?? "", metadata));
        }
        else
        {
            Interlocked.Increment(ref _unmatched);
        }

        return Results.Json(new { recipient_id = body.RecipientId, message_id = "m_" + Guid.NewGuid().ToString("N") });
    });

    private void Deliver(string seed, int part, IReadOnlyList<(string Label, string Data)> buttons, string kind)
    {
        if (!_events.TryGetValue(seed, out var record))
        {
            Interlocked.Increment(ref _unmatched);
            return;
        }

        if (!record.Delivered(part, kind))
        {
            return;
        }

        if (part == 0)
        {
            Answered?.Invoke(record, buttons);
        }
    }

    private async Task<IResult> GuardedAsync(HttpContext http, bool line, Func<Task<IResult>> handle)
    {
        Interlocked.Increment(ref _calls);
        switch (Mode)
        {
            case PlatformMode.ServerErrors:
                return line ? Results.Json(new { message = "An error occurred in the backend server." }, statusCode: 500)
                    : Results.Json(new { error = new { message = "An unexpected error has occurred.", code = 2 } }, statusCode: 500);
            case PlatformMode.RateLimited:
                return line ? Results.Json(new { message = "The API rate limit has been exceeded. Try again later." }, statusCode: 429)
                    : Results.Json(new { error = new { message = "Calls to this api have exceeded the rate limit.", code = 613 } }, statusCode: 400);
            case PlatformMode.Hanging:
                try
                {
                    await Task.Delay(HangFor, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                return Results.StatusCode(500);
            default:
                return await handle();
        }
    }

    private sealed class TokenState(string eventId)
    {
        public string EventId => eventId;

        public int Used;
    }
}

/// <summary>One event the load sent and what came back for it.</summary>
public sealed class EventRecord(string seed, Shopper shopper, long sentAt)
{
    private readonly HashSet<int> _parts = [];
    private readonly List<string> _history = [];
    private int _duplicates;

    public string Seed => seed;

    public Shopper Shopper => shopper;

    /// <summary>Stopwatch timestamp of the first post (or of when it was meant to go out).</summary>
    public long SentAt { get; set; } = sentAt;

    public long AnsweredAt { get; private set; }

    public bool Acknowledged { get; set; }

    public bool Answered => AnsweredAt != 0;

    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>What was delivered for it, in order: "reply#0", "push#1", …</summary>
    public string History
    {
        get
        {
            lock (_parts)
            {
                return string.Join(" ", _history);
            }
        }
    }

    /// <summary>Counts a delivered part; false when that part had been delivered before (a duplicate).</summary>
    public bool Delivered(int part, string kind)
    {
        lock (_parts)
        {
            _history.Add(kind + "#" + part.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!_parts.Add(part))
            {
                _duplicates++;
                return false;
            }

            if (part == 0)
            {
                AnsweredAt = Stopwatch.GetTimestamp();
            }

            return true;
        }
    }
}

public sealed record PlatformCounts(long Replies, long Pushes, long MessengerSends, long RepeatedRetryKeys, long ReusedReplyTokens, long Unmatched, long Calls);
