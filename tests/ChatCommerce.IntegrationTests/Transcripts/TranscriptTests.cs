using System.Text.RegularExpressions;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Transcripts;

/// <summary>
/// Runs every transcript in <c>dialogs/transcripts</c> through the real host and each fake
/// platform (LINE and Messenger): signed webhooks in, the bot's real replies out, buttons pressed
/// exactly as the platform would send them.
/// </summary>
public sealed class TranscriptTests : HostedTest
{
    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(TranscriptFiles.Directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file), "line");
            data.Add(Path.GetFileName(file), "messenger");
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
    public async Task TranscriptPlaysOut(string file, string channel)
    {
        var transcript = Transcript.Load(Path.Combine(TranscriptFiles.Directory, file));
        // A step is answered when no event waits and no reply is still on its way out.
        async Task<bool> Settled() => (await Host.InboxAsync()).All(r => r.Status != nameof(InboxStatus.Pending)) && (await Host.OutboxAsync()).All(r => r.Status != "Pending");
        IChatDriver chat = channel == "line"
            ? new LineDriver(Fakes, "U7a5c0e2b4d6f8a1c3e5b7d9f0a2c4e6b", Settled)
            : new MessengerDriver(Fakes, "6120034587712345", Settled);
        chat.AddUser("Ploy", transcript.Language);
        var kept = new Dictionary<string, ShownButton>(StringComparer.Ordinal);
        Answer? last = null;
        var number = 0;
        foreach (var step in transcript.Steps)
        {
            number++;
            var where = $"{file} on {channel}, step {number} ({step})";
            var before = chat.Sent;
            var turns = 1;
            if (step.Say is { } text)
            {
                await chat.SayAsync(text);
            }
            else if (step.Tap is { } label)
            {
                Assert.True(last is not null && last.Buttons.ContainsKey(label), $"{where}: no button '{label}' in the last answer:\n{last}");
                await chat.TapAsync(last!.Buttons[label]);
            }
            else if (step.Press is { } name)
            {
                Assert.True(kept.TryGetValue(name, out var button), $"{where}: no kept button '{name}'");
                await chat.TapAsync(button!);
            }
            else if (step.Burst is { Count: > 0 } burst)
            {
                await chat.BurstAsync(burst);
                turns = burst.Count;
            }
            else if (step.OldDeploy is { } flow)
            {
                await MarkOldDeployAsync(chat, flow);
                continue;
            }
            else
            {
                throw new InvalidDataException($"{where}: a step must say, tap, press, burst or old_deploy.");
            }

            if (step.Silent)
            {
                await Eventually.QuietAsync();
                Assert.True(chat.Sent == before, $"{where}: the bot answered but should be silent");
                continue;
            }

            last = await chat.AnswerSinceAsync(before, turns);
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
                Assert.True(last.Buttons.TryGetValue(label, out var button), $"{where}: no button '{label}' to keep in:\n{last}");
                kept[name] = button!;
            }
        }
    }

    /// <summary>What a deploy that changed the flow leaves behind: frames stamped with a version this build does not run.</summary>
    private async Task MarkOldDeployAsync(IChatDriver chat, string flow)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<ConversationStateRepository>();
        var (state, version) = await repository.LoadAsync(chat.Conversation, "th", CancellationToken.None);
        Assert.Contains(state.Dialog.Frames, f => f.Flow == flow);
        var frames = state.Dialog.Frames.Select(f => f.Flow == flow ? f with { Version = f.Version - 1 } : f).ToList();
        Assert.True(await repository.TrySaveAsync(chat.Conversation, state with { Dialog = state.Dialog with { Frames = frames } }, version, CancellationToken.None));
    }
}
