using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.FakePlatforms;
using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Hostile;

/// <summary>One host for the whole corpus (each case on a shopper of its own).</summary>
public sealed class HostileHost : IAsyncLifetime
{
    public FakePlatformServer Fakes { get; private set; } = null!;

    public TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fakes = await FakePlatformServer.StartAsync();
        Host = await TestHost.StartAsync(Fakes);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Fakes.DisposeAsync();
    }
}

/// <summary>
/// The hostile corpus (<c>Hostile/corpus</c>: message texts, raw LINE and Messenger bodies) and a
/// few cases too big to keep as files, sent signed through the real host: every answer is a 4xx
/// or a 200, never a 5xx; a text gets a polite reply; and the shopper is answered normally after.
/// </summary>
public sealed class HostileInputTests(HostileHost fixture) : IClassFixture<HostileHost>
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "Hostile", "corpus");
    private static int _next;

    private FakePlatformServer Fakes => fixture.Fakes;

    /// <summary>Every text of the corpus, on each channel.</summary>
    public static TheoryData<string, string> Texts()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Names("texts"))
        {
            data.Add("line", file);
            data.Add("messenger", file);
        }

        return data;
    }

    /// <summary>Every raw body of the corpus, on the channel it was written for.</summary>
    public static TheoryData<string, string> Bodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var channel in new[] { "line", "messenger" })
        {
            foreach (var file in Names(channel))
            {
                data.Add(channel, file);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task AHostileTextGetsAPoliteReply(string channel, string file)
    {
        var side = Side(channel);
        var user = side.NewUser();
        var attempt = await side.SendText(user, await File.ReadAllTextAsync(Path.Combine(Corpus, "texts", file)));
        Assert.Equal(HttpStatusCode.OK, attempt.Status);
        var replies = await Eventually.ValueAsync(() => side.Replies(user), r => r.Count >= 1, what: "a reply to " + file);
        Assert.All(replies, text => Assert.False(string.IsNullOrWhiteSpace(text)));
        await StillAnsweredAsync(side, user);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task AHostileBodyIsRefusedOrHandledNeverA500(string channel, string file)
    {
        var side = Side(channel);
        var user = side.NewUser();
        var attempt = await side.PostSigned(Body(channel, file, user));
        Assert.True(attempt.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{file}: {attempt.Status} {attempt.Body}");
        await StillAnsweredAsync(side, user);
    }

    [Fact]
    public async Task TenThousandEventsInOneWebhookAreStoredOrRefusedForSize()
    {
        // Small events: under the 1 MiB limit, all stored (unknown types kept for the record, not answered).
        var user = LineUser();
        var small = new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode)new JsonObject
        {
            ["type"] = "x",
            ["webhookEventId"] = $"01BULK{_next}{i}",
            ["timestamp"] = 1,
        })]);
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["destination"] = "U0", ["events"] = small }.ToJsonString());
        Assert.InRange(body.Length, 100_000, 1024 * 1024);
        var attempt = await Fakes.Line.PostRawAsync(body, LineSignature.Compute(Fakes.Line.Options.ChannelSecret, body));
        Assert.True(attempt.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{attempt.Status} {attempt.Body}");

        // Real text events: over the limit, refused whole with 413 before anything is parsed.
        var texts = new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode)Fakes.Line.TextEvent(user, "ขอเสื้อยืดสีดำ 1 ตัว " + i))]);
        var big = Encoding.UTF8.GetBytes(new JsonObject { ["destination"] = "U0", ["events"] = texts }.ToJsonString());
        var refused = await Fakes.Line.PostRawAsync(big, LineSignature.Compute(Fakes.Line.Options.ChannelSecret, big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.Status);
        await StillAnsweredAsync(Side("line"), user);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(1000)]
    public async Task DeepNestingIsRefusedClearly(int depth)
    {
        var user = LineUser();
        var nested = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            nested.Append("{\"a\":");
        }

        nested.Append('1').Append('}', depth);
        var body = Encoding.UTF8.GetBytes($"{{\"destination\":\"U0\",\"events\":[{{\"type\":\"message\",\"x\":{nested}}}]}}");
        var line = await Fakes.Line.PostRawAsync(body, LineSignature.Compute(Fakes.Line.Options.ChannelSecret, body));
        Assert.Equal(HttpStatusCode.BadRequest, line.Status);
        var messenger = await Fakes.Messenger.PostRawAsync(body, MessengerSignature.Compute(Fakes.Messenger.Options.AppSecret, body));
        Assert.Equal(HttpStatusCode.BadRequest, messenger.Status);
        await StillAnsweredAsync(Side("line"), user);
    }

    /// <summary>After a hostile case the shopper is still answered: the next message gets a reply of its own.</summary>
    private static async Task StillAnsweredAsync(ChannelSide side, string user)
    {
        await Eventually.QuietAsync();
        var before = side.Replies(user).Count;
        await side.SendText(user, "สวัสดีค่ะ");
        await Eventually.ValueAsync(() => side.Replies(user), r => r.Count > before, what: "a reply after the hostile case");
    }

    private ChannelSide Side(string channel) => channel == "line"
        ? new(
            LineUser,
            (user, text) => Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(user, text)),
            body => Fakes.Line.PostRawAsync(body, LineSignature.Compute(Fakes.Line.Options.ChannelSecret, body)),
            user => [.. Fakes.Line.SentTo(user).SelectMany(s => s.Messages).Select(Words)])
        : new(
            MessengerUser,
            (user, text) => Fakes.Messenger.DeliverAsync(Fakes.Messenger.TextItem(user, text)),
            body => Fakes.Messenger.PostRawAsync(body, MessengerSignature.Compute(Fakes.Messenger.Options.AppSecret, body)),
            user => [.. Fakes.Messenger.SentTo(user).Where(s => s.Message is not null).Select(s => Words(s.Message))]);

    /// <summary>The words of a sent message, whatever its kind (text, card titles, button labels).</summary>
    private static string Words(JsonNode? message) => string.Join(" ", Strings(message));

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        JsonObject obj => obj.SelectMany(p => Strings(p.Value)),
        JsonArray array => array.SelectMany(Strings),
        _ => [],
    };

    private sealed record ChannelSide(
        Func<string> NewUser,
        Func<string, string, Task<WebhookAttempt>> SendText,
        Func<byte[], Task<WebhookAttempt>> PostSigned,
        Func<string, IReadOnlyList<string>> Replies);

    private static byte[] Body(string folder, string file, string user)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Corpus, folder, file));
        if (file.EndsWith(".bin", StringComparison.Ordinal))
        {
            return bytes;
        }

        var text = Encoding.UTF8.GetString(bytes)
            .Replace("$TS", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("$USER", user, StringComparison.Ordinal)
            .Replace("$ID", Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text);
    }

    private static string LineUser() => "U" + Interlocked.Increment(ref _next).ToString("x32", CultureInfo.InvariantCulture);

    private static string MessengerUser() => (7_100_000_000_000_000L + Interlocked.Increment(ref _next)).ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<string> Names(string folder) =>
        Directory.GetFiles(Path.Combine(Corpus, folder)).Order(StringComparer.Ordinal).Select(Path.GetFileName).OfType<string>();
}
