using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ChatCommerce.IntegrationTests.Transcripts;

/// <summary>
/// A conversation written as data in <c>dialogs/transcripts/*.yaml</c>: what the shopper says or
/// taps, and patterns the bot's answer must (or must not) contain.
/// </summary>
public sealed class Transcript
{
    public string Name { get; set; } = "";

    /// <summary>The shopper's LINE language ("th" or "en"); the bot follows it.</summary>
    public string Language { get; set; } = "th";

    public List<TranscriptStep> Steps { get; set; } = [];

    /// <summary>Configuration of the host this transcript runs against ("{fakes}" is the fake servers' address).</summary>
    public Dictionary<string, string> Settings { get; set; } = [];

    public static Transcript Load(string path)
    {
        var yaml = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        using var reader = File.OpenText(path);
        var transcript = yaml.Deserialize<Transcript>(reader);
        if (transcript.Steps.Count == 0)
        {
            throw new InvalidDataException($"{path}: a transcript needs steps.");
        }

        return transcript;
    }
}

public sealed class TranscriptStep
{
    /// <summary>The shopper types this.</summary>
    public string? Say { get; set; }

    /// <summary>The shopper taps the button with this label in the bot's last answer.</summary>
    public string? Tap { get; set; }

    /// <summary>The shopper taps a button remembered earlier with <see cref="Keep"/> (a stale button, a second tap).</summary>
    public string? Press { get; set; }

    /// <summary>Several messages sent within 50 ms of each other (delivered in one webhook, newest first).</summary>
    public List<string>? Burst { get; set; }

    /// <summary>The shopper sends a picture of a slip with this text on it ("amount=578 ref=T1"; see FakeSlips).</summary>
    public string? Photo { get; set; }

    /// <summary>Staff act on the shopper's newest payment through the owner API: "confirm", or "reject: reason".</summary>
    public string? Staff { get; set; }

    /// <summary>
    /// The shopper opens the newest card payment link (the host makes the Checkout Session), then
    /// Stripe sends events for that session, in order: an event type
    /// (checkout.session.completed, checkout.session.async_payment_succeeded), or "again" for the
    /// previous event delivered once more (same id).
    /// </summary>
    public List<string>? Stripe { get; set; }

    /// <summary>The payment deadline of the shopper's newest order is "near" (reminder time) or has "passed"; the deadline job runs.</summary>
    public string? Deadline { get; set; }

    /// <summary>Marks the conversation's frames of this flow as saved by an older deploy's version of it.</summary>
    public string? OldDeploy { get; set; }

    /// <summary>Remember buttons of this step's answer: label → name.</summary>
    public Dictionary<string, string>? Keep { get; set; }

    /// <summary>The bot must not answer this step at all (staff own the conversation).</summary>
    public bool Silent { get; set; }

    /// <summary>Regular expressions the answer must contain.</summary>
    public List<string> Expect { get; set; } = [];

    /// <summary>Regular expressions the answer must not contain.</summary>
    public List<string> Never { get; set; } = [];

    public override string ToString() =>
        Say is not null ? $"say '{Say}'" : Tap is not null ? $"tap '{Tap}'" : Press is not null ? $"press '{Press}'" : Burst is not null ? $"burst {string.Join(" | ", Burst)}"
        : Photo is not null ? $"photo '{Photo}'" : Staff is not null ? $"staff {Staff}" : Stripe is not null ? $"stripe {string.Join(", ", Stripe)}" : Deadline is not null ? $"deadline {Deadline}" : $"old deploy of {OldDeploy}";
}
