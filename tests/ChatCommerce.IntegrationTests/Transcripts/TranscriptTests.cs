using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Transcripts;

/// <summary>
/// Runs every transcript in <c>dialogs/transcripts</c> through the real host and the fake LINE
/// platform: signed webhooks in, the bot's real replies out, buttons pressed by their postback
/// data exactly as LINE would send it.
/// </summary>
public sealed class TranscriptTests : HostedTest
{
    private const string User = "U7a5c0e2b4d6f8a1c3e5b7d9f0a2c4e6b";

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TranscriptFiles.Directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void EveryTranscriptParses()
    {
        var files = Directory.GetFiles(TranscriptFiles.Directory, "*.yaml");
        Assert.True(files.Length >= 8, "expected the shopping transcripts");
        Assert.All(files, f => Assert.NotEmpty(Transcript.Load(f).Steps));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task TranscriptPlaysOut(string file)
    {
        var transcript = Transcript.Load(Path.Combine(TranscriptFiles.Directory, file));
        Fakes.Line.AddUser(User, "Ploy", transcript.Language);
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        Answer? last = null;
        var number = 0;
        foreach (var step in transcript.Steps)
        {
            number++;
            var where = $"{file} step {number} ({step})";
            var before = Fakes.Line.SentTo(User).Count;
            var expectedSends = 1;
            if (step.Say is { } text)
            {
                await Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, text));
            }
            else if (step.Tap is { } label)
            {
                Assert.True(last is not null && last.Buttons.TryGetValue(label, out _), $"{where}: no button '{label}' in the last answer:\n{last}");
                await Fakes.Line.DeliverAsync(Fakes.Line.PostbackEvent(User, last!.Buttons[label]));
            }
            else if (step.Press is { } name)
            {
                Assert.True(kept.TryGetValue(name, out var data), $"{where}: no kept button '{name}'");
                await Fakes.Line.DeliverAsync(Fakes.Line.PostbackEvent(User, data!));
            }
            else if (step.Burst is { Count: > 0 } burst)
            {
                var start = DateTimeOffset.UtcNow;
                var sends = burst.Select((t, i) => Fakes.Line.DeliverAsync(Fakes.Line.TextEvent(User, t, start.AddMilliseconds(i * 50 / burst.Count))));
                await Task.WhenAll(sends);
                expectedSends = burst.Count;
            }
            else if (step.OldDeploy is { } flow)
            {
                await MarkOldDeployAsync(flow);
                continue;
            }
            else
            {
                throw new InvalidDataException($"{where}: a step must say, tap, press, burst or old_deploy.");
            }

            if (step.Silent)
            {
                await Eventually.QuietAsync();
                Assert.True(Fakes.Line.SentTo(User).Count == before, $"{where}: the bot answered but should be silent");
                continue;
            }

            var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count >= before + expectedSends, TimeSpan.FromSeconds(20));
            last = Answer.Of(sent.Skip(before).Select(s => s.Messages));
            foreach (var pattern in step.Expect)
            {
                Assert.True(Regex.IsMatch(last.Text, pattern), $"{where}: expected /{pattern}/ in:\n{last}");
            }

            foreach (var pattern in step.Never)
            {
                Assert.False(Regex.IsMatch(last.Text, pattern), $"{where}: did not expect /{pattern}/ in:\n{last}");
            }

            foreach (var (label, name) in step.Keep ?? [])
            {
                Assert.True(last.Buttons.TryGetValue(label, out var data), $"{where}: no button '{label}' to keep in:\n{last}");
                kept[name] = data!;
            }
        }
    }

    /// <summary>What a deploy that changed the flow leaves behind: frames stamped with a version this build does not run.</summary>
    private async Task MarkOldDeployAsync(string flow)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<ConversationStateRepository>();
        var key = new ConversationKey(Channel.Line, User);
        var (state, version) = await repository.LoadAsync(key, "th", CancellationToken.None);
        Assert.Contains(state.Dialog.Frames, f => f.Flow == flow);
        var frames = state.Dialog.Frames.Select(f => f.Flow == flow ? f with { Version = f.Version - 1 } : f).ToList();
        Assert.True(await repository.TrySaveAsync(key, state with { Dialog = state.Dialog with { Frames = frames } }, version, CancellationToken.None));
    }

    /// <summary>The bot's answer to one step: every text it showed, and its buttons by label.</summary>
    private sealed record Answer(string Text, Dictionary<string, string> Buttons)
    {
        public static Answer Of(IEnumerable<JsonArray> sends)
        {
            var texts = new List<string>();
            var buttons = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var message in sends.SelectMany(m => m))
            {
                Walk(message, texts, buttons);
            }

            return new Answer(string.Join('\n', texts), buttons);
        }

        public override string ToString() => Text + "\n[buttons: " + string.Join(" | ", Buttons.Keys) + "]";

        private static void Walk(JsonNode? node, List<string> texts, Dictionary<string, string> buttons)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["type"]?.GetValue<string>() == "postback" && o["label"] is { } label && o["data"] is { } data)
                    {
                        buttons.TryAdd(label.GetValue<string>(), data.GetValue<string>());
                        texts.Add("[" + label.GetValue<string>() + "]");
                        return;
                    }

                    foreach (var (name, value) in o)
                    {
                        if (name is "text" or "altText" && value is JsonValue v && v.TryGetValue<string>(out var s))
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
}
