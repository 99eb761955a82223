using System.Text.Json.Nodes;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Transcripts;

/// <summary>A button the bot showed: its label, what tapping it sends, and whether it was a quick reply.</summary>
public sealed record ShownButton(string Label, string Data, bool QuickReply);

/// <summary>The bot's answer to one step: every text it showed, and its buttons by label.</summary>
public sealed record Answer(string Text, IReadOnlyDictionary<string, ShownButton> Buttons)
{
    public override string ToString() => Text + "\n[buttons: " + string.Join(" | ", Buttons.Keys) + "]";

    public static Answer Of(IEnumerable<JsonNode?> messages)
    {
        var texts = new List<string>();
        var buttons = new Dictionary<string, ShownButton>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            Walk(message, texts, buttons);
        }

        return new Answer(string.Join('\n', texts), buttons);
    }

    private static string? Str(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static void Walk(JsonNode? node, List<string> texts, Dictionary<string, ShownButton> buttons)
    {
        switch (node)
        {
            case JsonObject o:
                // LINE: {type: postback, label, data}; Messenger: {type: postback, title, payload} or {content_type: text, title, payload}.
                var type = Str(o, "type");
                var label = Str(o, "label") ?? Str(o, "title");
                var data = Str(o, "data") ?? Str(o, "payload");
                var quick = Str(o, "content_type") == "text";
                if (label is not null && data is not null && (type == "postback" || quick))
                {
                    buttons.TryAdd(label, new ShownButton(label, data, quick));
                    texts.Add("[" + label + "]");
                    return;
                }

                // A link button (LINE uri action, Messenger web_url) and a picture (LINE image, Messenger image attachment).
                if (label is not null && (Str(o, "uri") ?? Str(o, "url")) is { } link && type is "uri" or "web_url")
                {
                    texts.Add($"[link {label}: {link}]");
                    return;
                }

                if (type == "image" && (Str(o, "originalContentUrl") ?? (o["payload"] as JsonObject is { } p ? Str(p, "url") : null)) is { } picture)
                {
                    // Its quick replies (LINE) are walked below.
                    texts.Add($"[image: {picture}]");
                }

                foreach (var (name, value) in o)
                {
                    if (name is "text" or "altText" or "title" or "subtitle" && value is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        texts.Add(s);
                    }
                    else
                    {
                        Walk(value, texts, buttons);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Walk(item, texts, buttons);
                }

                break;
        }
    }
}

/// <summary>One platform as a shopper uses it: type, tap, and read what came back.</summary>
public interface IChatDriver
{
    ConversationKey Conversation { get; }

    void AddUser(string name, string language);

    Task SayAsync(string text);

    Task TapAsync(ShownButton button);

    /// <summary>Sends a picture (a slip).</summary>
    Task PhotoAsync(byte[] picture);

    /// <summary>
    /// Messages typed within 50 ms of each other, as the platform may deliver them: in one
    /// webhook, the newest first. The bot must answer each, oldest first.
    /// </summary>
    Task BurstAsync(IReadOnlyList<string> texts);

    int Sent { get; }

    /// <summary>Waits until <paramref name="turns"/> turns since <paramref name="before"/> have answered, and reads them.</summary>
    Task<Answer> AnswerSinceAsync(int before, int turns);
}

/// <summary>One turn at a time: say or tap, and read the bot's answer to it.</summary>
public static class ChatTurns
{
    /// <summary>Two dried mangos (฿240) by registered post (฿40), paid the chosen way: the answer to the confirm.</summary>
    public static async Task<Answer> CheckoutAsync(this IChatDriver chat, string payment, string language = "th", string name = "Ploy Jaidee", string phone = "081-234-5678")
    {
        chat.AddUser(name.Split(' ')[0], language);
        var basket = await chat.SayAndReadAsync("cf sn1 2");
        Assert.True(basket.Buttons.ContainsKey(language == "th" ? "สั่งซื้อเลย" : "Check out"), basket.ToString());
        await chat.TapAndReadAsync(basket, language == "th" ? "สั่งซื้อเลย" : "Check out");
        await chat.SayAndReadAsync(name);
        await chat.SayAndReadAsync(phone);
        var shipping = await chat.SayAndReadAsync("99/1 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพฯ 10110");
        var methods = await chat.TapAndReadAsync(shipping, language == "th" ? "ไปรษณีย์ไทย ฿40" : "Registered post ฿40");
        var summary = await chat.TapAndReadAsync(methods, payment);
        Assert.Contains("฿280", summary.Text);
        return await chat.TapAndReadAsync(summary, language == "th" ? "ยืนยันสั่งซื้อ" : "Confirm order");
    }

    public static async Task<Answer> SayAndReadAsync(this IChatDriver chat, string text)
    {
        var before = chat.Sent;
        await chat.SayAsync(text);
        return await chat.AnswerSinceAsync(before, 1);
    }

    public static async Task<Answer> TapAndReadAsync(this IChatDriver chat, Answer shown, string label)
    {
        Assert.True(shown.Buttons.ContainsKey(label), $"no button '{label}' in:\n{shown}");
        var before = chat.Sent;
        await chat.TapAsync(shown.Buttons[label]);
        return await chat.AnswerSinceAsync(before, 1);
    }
}

public sealed class LineDriver(FakePlatformServer fakes, string user, Func<Task<bool>> settled) : IChatDriver
{
    public ConversationKey Conversation => new(Channel.Line, user);

    public int Sent => fakes.Line.SentTo(user).Count;

    public void AddUser(string name, string language) => fakes.Line.AddUser(user, name, language);

    public Task SayAsync(string text) => DeliverAsync([fakes.Line.TextEvent(user, text)]);

    public Task TapAsync(ShownButton button) => DeliverAsync([fakes.Line.PostbackEvent(user, button.Data)]);

    public Task PhotoAsync(byte[] picture) => DeliverAsync([fakes.Line.ImageEvent(user, picture)]);

    public Task BurstAsync(IReadOnlyList<string> texts)
    {
        var start = DateTimeOffset.UtcNow;
        return DeliverAsync(texts.Select((t, i) => fakes.Line.TextEvent(user, t, start.AddMilliseconds(i * 50 / texts.Count))).Reverse().ToList());
    }

    /// <summary>
    /// Delivered with LINE's redelivery on: a fresh host's first webhook can miss LINE's two seconds
    /// on a loaded machine, and then LINE (not the shopper) sends it again. The event ids stay the
    /// same, so a delivery that was stored after all is not taken in twice.
    /// </summary>
    private async Task DeliverAsync(IReadOnlyList<JsonObject> events)
    {
        var attempt = await fakes.Line.DeliverWithRedeliveryAsync(events);
        LineDriver.AssertAcknowledged(attempt);
    }

    public async Task<Answer> AnswerSinceAsync(int before, int turns)
    {
        // LINE: one reply (or push) call per turn, carrying all of the turn's messages; the turn is
        // over when the host has finished every event it took in.
        await UntilAnswered(() => fakes.Line.SentTo(user).Count >= before + turns, settled, turns);
        return Answer.Of(fakes.Line.SentTo(user).Skip(before).SelectMany(s => s.Messages));
    }

    internal static void AssertAcknowledged(ChatCommerce.FakePlatforms.WebhookAttempt attempt) =>
        Assert.True(attempt.Succeeded, $"the webhook was not acknowledged: {attempt.Status} {(attempt.TimedOut ? "timed out" : attempt.Body)}");

    /// <summary>Waits for the answers to arrive and the host's inbox to hold no pending event.</summary>
    internal static async Task UntilAnswered(Func<bool> arrived, Func<Task<bool>> settled, int turns)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!arrived() || !await settled())
        {
            // Says which half is missing: the platform never got the answer, or the host still holds work.
            Assert.True(DateTime.UtcNow < deadline, $"no complete answer after {turns} turn(s) (answer arrived: {arrived()}, host settled: {await settled()})");
            await Task.Delay(25);
        }
    }
}

public sealed class MessengerDriver(FakePlatformServer fakes, string psid, Func<Task<bool>> settled) : IChatDriver
{
    public ConversationKey Conversation => new(Channel.Messenger, psid);

    public int Sent => Messages().Count;

    public void AddUser(string name, string language) => fakes.Messenger.AddUser(psid, name, "", language == "en" ? "en_US" : "th_TH");

    public Task SayAsync(string text) => DeliverAsync([fakes.Messenger.TextItem(psid, text)]);

    /// <summary>A quick reply arrives as a message with its payload; a template button as a postback.</summary>
    public Task TapAsync(ShownButton button) => DeliverAsync([button.QuickReply
        ? fakes.Messenger.TextItem(psid, button.Label, button.Data)
        : fakes.Messenger.PostbackItem(psid, button.Label, button.Data)]);

    public Task PhotoAsync(byte[] picture) => DeliverAsync([fakes.Messenger.ImageItem(psid, picture)]);

    public Task BurstAsync(IReadOnlyList<string> texts)
    {
        var start = DateTimeOffset.UtcNow;
        return DeliverAsync(texts.Select((t, i) => fakes.Messenger.TextItem(psid, t, at: start.AddMilliseconds(i * 50 / texts.Count))).Reverse().ToList());
    }

    /// <summary>Meta waits 20 seconds for the acknowledgement; a delivery it did not get fails here, not as a missing answer later.</summary>
    private async Task DeliverAsync(IReadOnlyList<JsonObject> items)
    {
        var attempt = await fakes.Messenger.DeliverAsync(items);
        LineDriver.AssertAcknowledged(attempt);
    }

    public async Task<Answer> AnswerSinceAsync(int before, int turns)
    {
        // Messenger: one Send API call per message, so a turn is over when the host has finished
        // every event it took in (the inbox marks an event done only after its replies are sent).
        await LineDriver.UntilAnswered(() => Messages().Count > before, settled, turns);
        return Answer.Of(Messages().Skip(before).Select(s => (JsonNode?)s.Message));
    }

    private List<FakePlatforms.Messenger.FakeMessengerSend> Messages() => fakes.Messenger.SentTo(psid).Where(s => s.Message is not null).ToList();
}
