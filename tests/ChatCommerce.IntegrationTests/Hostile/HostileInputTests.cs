using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;
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

    public static TheoryData<string> Texts() => Names("texts");

    public static TheoryData<string> LineBodies() => Names("line");

    public static TheoryData<string> MessengerBodies() => Names("messenger");

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task AHostileTextGetsAPoliteReplyOnLine(string file)
    {
        var user = LineUser();
        var text = await File.ReadAllTextAsync(Path.Combine(Corpus, "texts", file));
        var attempt = await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(user, text));
        Assert.Equal(HttpStatusCode.OK, attempt.Status);
        var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(user), s => s.Count >= 1, what: "a reply to " + file);
        Assert.All(sent[0].Messages, m => Assert.False(string.IsNullOrWhiteSpace(m!.ToJsonString())));
        await StillAnsweredOnLineAsync(user, sent.Count);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task AHostileTextGetsAPoliteReplyOnMessenger(string file)
    {
        var user = MessengerUser();
        var text = await File.ReadAllTextAsync(Path.Combine(Corpus, "texts", file));
        var attempt = await Fakes.Messenger.DeliverAsync(Fakes.Messenger.TextItem(user, text));
        Assert.Equal(HttpStatusCode.OK, attempt.Status);
        var sent = await Eventually.ValueAsync(() => Fakes.Messenger.SentTo(user), s => s.Count >= 1, what: "a reply to " + file);
        await StillAnsweredOnMessengerAsync(user, sent.Count);
    }

    [Theory]
    [MemberData(nameof(LineBodies))]
    public async Task AHostileLineBodyIsRefusedOrHandledNeverA500(string file)
    {
        var user = LineUser();
        var body = Body("line", file, user);
        var attempt = await Fakes.Line.PostRawAsync(body, LineSignature.Compute(Fakes.Line.Options.ChannelSecret, body));
        Assert.True(attempt.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{file}: {attempt.Status} {attempt.Body}");
        await StillAnsweredOnLineAsync(user, 0, atLeast: true);
    }

    [Theory]
    [MemberData(nameof(MessengerBodies))]
    public async Task AHostileMessengerBodyIsRefusedOrHandledNeverA500(string file)
    {
        var user = MessengerUser();
        var body = Body("messenger", file, user);
        var attempt = await Fakes.Messenger.PostRawAsync(body, MessengerSignature.Compute(Fakes.Messenger.Options.AppSecret, body));
        Assert.True(attempt.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{file}: {attempt.Status} {attempt.Body}");
        await StillAnsweredOnMessengerAsync(user, 0, atLeast: true);
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
        await StillAnsweredOnLineAsync(user, 0, atLeast: true);
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
        await StillAnsweredOnLineAsync(user, 0, atLeast: true);
    }

    private async Task StillAnsweredOnLineAsync(string user, int before, bool atLeast = false)
    {
        await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(user, "สวัสดีค่ะ"));
        await Eventually.ValueAsync(
            () => Fakes.Line.SentTo(user),
            s => atLeast ? s.Any(x => x.Messages.Any(m => ((string?)m?["text"])?.Contains("ยินดีต้อนรับ", StringComparison.Ordinal) == true)) : s.Count == before + 1,
            what: "the greeting after the hostile case");
    }

    private async Task StillAnsweredOnMessengerAsync(string user, int before, bool atLeast = false)
    {
        await Fakes.Messenger.DeliverAsync(Fakes.Messenger.TextItem(user, "สวัสดีค่ะ"));
        await Eventually.ValueAsync(() => Fakes.Messenger.SentTo(user), s => atLeast ? s.Count >= 1 : s.Count >= before + 1, what: "the greeting after the hostile case");
    }

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

    private static TheoryData<string> Names(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(Corpus, folder)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }
}
