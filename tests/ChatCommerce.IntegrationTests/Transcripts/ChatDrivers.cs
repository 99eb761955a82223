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

    Task SayAsync(string text, DateTimeOffset? at = null);

    Task TapAsync(ShownButton button);

    int Sent { get; }

    /// <summary>Waits until <paramref name="turns"/> turns since <paramref name="before"/> have answered, and reads them.</summary>
    Task<Answer> AnswerSinceAsync(int before, int turns);
}

public sealed class LineDriver(FakePlatformServer fakes, string user) : IChatDriver
{
    public ConversationKey Conversation => new(Channel.Line, user);

    public int Sent => fakes.Line.SentTo(user).Count;

    public void AddUser(string name, string language) => fakes.Line.AddUser(user, name, language);

    public Task SayAsync(string text, DateTimeOffset? at = null) => fakes.Line.DeliverAsync(fakes.Line.TextEvent(user, text, at));

    public Task TapAsync(ShownButton button) => fakes.Line.DeliverAsync(fakes.Line.PostbackEvent(user, button.Data));

    public async Task<Answer> AnswerSinceAsync(int before, int turns)
    {
        // LINE: one reply (or push) call per turn, carrying all of the turn's messages.
        var sent = await Eventually.ValueAsync(() => fakes.Line.SentTo(user), s => s.Count >= before + turns, TimeSpan.FromSeconds(20));
        return Answer.Of(sent.Skip(before).SelectMany(s => s.Messages));
    }
}

public sealed class MessengerDriver(FakePlatformServer fakes, string psid) : IChatDriver
{
    public ConversationKey Conversation => new(Channel.Messenger, psid);

    public int Sent => Messages().Count;

    public void AddUser(string name, string language) => fakes.Messenger.AddUser(psid, name, "", language == "en" ? "en_US" : "th_TH");

    public Task SayAsync(string text, DateTimeOffset? at = null) => fakes.Messenger.DeliverAsync(fakes.Messenger.TextItem(psid, text, at: at));

    /// <summary>A quick reply arrives as a message with its payload; a template button as a postback.</summary>
    public Task TapAsync(ShownButton button) => fakes.Messenger.DeliverAsync(button.QuickReply
        ? fakes.Messenger.TextItem(psid, button.Label, button.Data)
        : fakes.Messenger.PostbackItem(psid, button.Label, button.Data));

    public async Task<Answer> AnswerSinceAsync(int before, int turns)
    {
        // Messenger: one Send API call per message, so wait until the answers stop coming.
        await Eventually.ValueAsync(() => Messages(), s => s.Count > before, TimeSpan.FromSeconds(20));
        var count = -1;
        while (Messages().Count != count)
        {
            count = Messages().Count;
            await Task.Delay(turns > 1 ? 900 : 450);
        }

        return Answer.Of(Messages().Skip(before).Select(s => (JsonNode?)s.Message));
    }

    private List<FakePlatforms.Messenger.FakeMessengerSend> Messages() => fakes.Messenger.SentTo(psid).Where(s => s.Message is not null).ToList();
}
