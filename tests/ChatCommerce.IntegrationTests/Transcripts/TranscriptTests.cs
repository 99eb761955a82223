using System.Text.RegularExpressions;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using ChatCommerce.FakePlatforms.Payments;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Transcripts;

/// <summary>
/// Runs every transcript in <c>dialogs/transcripts</c> through the real host and each fake
/// platform (LINE and Messenger): signed webhooks in, the bot's real replies out, buttons pressed
/// exactly as the platform would send them.
/// </summary>
public sealed class TranscriptTests : HostedTest
{
    private const string OwnerKey = "transcript-owner-key-0123456789";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ChatCommerce:Admin:ApiKey"] = OwnerKey };

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
        if (transcript.Settings.Count > 0)
        {
            await Host.DisposeAsync();
            var settings = Settings;
            foreach (var (key, value) in transcript.Settings)
            {
                settings[key] = value;
            }

            Host = await TestHost.StartAsync(Fakes, settings);
        }

        JsonObject? lastStripeEvent = null;
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
            else if (step.Photo is { } slip)
            {
                await chat.PhotoAsync(FakeSlips.Picture(slip));
            }
            else if (step.Staff is { } action)
            {
                await StaffAsync(chat, action, where);
            }
            else if (step.Stripe is { Count: > 0 } events)
            {
                var token = await NewestAsync(chat, (o, p) => p.LastOrDefault(x => x.Method == "card" && x.Reference is null)?.PublicToken);
                if (token is not null)
                {
                    using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Host.BaseUrl) };
                    var opened = await noRedirect.GetAsync("/pay/card/" + token);
                    Assert.True(opened.StatusCode == System.Net.HttpStatusCode.Redirect, $"{where}: the card link answered {(int)opened.StatusCode}");
                }

                var session = await NewestAsync(chat, (o, p) => p.LastOrDefault(x => x.Method == "card")?.Reference)
                    ?? throw new InvalidDataException($"{where}: opening the link made no Checkout Session");
                foreach (var type in events)
                {
                    lastStripeEvent = type == "again" ? lastStripeEvent ?? throw new InvalidDataException($"{where}: no event to repeat") : Fakes.Stripe.PaidEvent(session, type);
                    var delivered = await Fakes.Stripe.SendAsync(lastStripeEvent);
                    Assert.True(delivered.Succeeded, $"{where}: Stripe's event was refused: {delivered.Status} {delivered.Body}");
                }
            }
            else if (step.Deadline is { } deadline)
            {
                await DeadlineAsync(chat, deadline, where);
            }
            else if (step.OldDeploy is { } flow)
            {
                await MarkOldDeployAsync(chat, flow);
                continue;
            }
            else
            {
                throw new InvalidDataException($"{where}: a step must say, tap, press, burst, photo, staff, stripe, deadline or old_deploy.");
            }

            if (step.Silent)
            {
                await Eventually.QuietAsync();
                Assert.True(chat.Sent == before, $"{where}: the bot answered but should be silent");
                continue;
            }

            try
            {
                last = await chat.AnswerSinceAsync(before, turns);
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                throw new Xunit.Sdk.XunitException($"{where}: {ex.Message}");
            }
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

    /// <summary>Something of the shopper's newest order and its payments (oldest first).</summary>
    private Task<T?> NewestAsync<T>(IChatDriver chat, Func<Order, List<PaymentAttempt>, T?> pick) => Host.QueryAsync(async db =>
    {
        var channel = chat.Conversation.ChannelName;
        var order = await db.Orders.AsNoTracking().Where(o => o.Channel == channel && o.UserId == chat.Conversation.ChatId).OrderByDescending(o => o.Id).FirstOrDefaultAsync();
        return order is null ? default : pick(order, await db.Payments.AsNoTracking().Where(p => p.OrderId == order.Id).OrderBy(p => p.Id).ToListAsync());
    });

    /// <summary>Staff confirm or reject the newest payment that waits for them (else the newest) through the owner API.</summary>
    private async Task StaffAsync(IChatDriver chat, string action, string where)
    {
        var target = await NewestAsync(chat, (o, p) => (o.Number, Payment: p.LastOrDefault(x => x.Status == PaymentStatus.Verifying) ?? p.LastOrDefault()));
        Assert.True(target.Payment is not null, $"{where}: the shopper's order has no payment");
        using var owner = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        owner.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OwnerKey);
        var path = $"/api/v1/orders/{target.Number}/payments/{target.Payment!.Id}/";
        using var response = action == "confirm"
            ? await owner.PostAsync(path + "confirm", null)
            : action.StartsWith("reject:", StringComparison.Ordinal)
                ? await owner.PostAsync(path + "reject", System.Net.Http.Json.JsonContent.Create(new { reason = action["reject:".Length..].Trim() }))
                : throw new InvalidDataException($"{where}: staff can 'confirm' or 'reject: reason'");
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.Conflict, $"{where}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Moves the newest order's payment deadline into reminder time or past it, and runs the deadline job.</summary>
    private async Task DeadlineAsync(IChatDriver chat, string deadline, string where)
    {
        var number = await NewestAsync(chat, (o, _) => o.Number) ?? throw new InvalidDataException($"{where}: the shopper has no order");
        var due = deadline switch
        {
            "near" => DateTimeOffset.UtcNow.AddHours(1),
            "passed" => DateTimeOffset.UtcNow.AddMinutes(-1),
            _ => throw new InvalidDataException($"{where}: deadline is 'near' or 'passed'"),
        };
        await Host.QueryAsync(db => db.Orders.Where(o => o.Number == number).ExecuteUpdateAsync(u => u.SetProperty(o => o.PaymentDueAtMs, due.ToUnixTimeMilliseconds())));
        await using var scope = Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ChatCommerce.Web.Payments.PaymentDeadlineJob>().RunAsync(CancellationToken.None);
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
