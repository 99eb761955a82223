using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>
/// The outbox's recovery pass claims in the database, then leaves out what this instance still
/// holds. A message delivered here whose outcome is stored between those two steps was claimed as
/// pending: it must still count as held, or the pass queues it again and sends it twice.
/// </summary>
public sealed class OutboxRecoveryRaceTests
{
    private const string User = "U0000000000000000000000000000a831";

    [Fact]
    public async Task AnOutcomeStoredWhileARecoveryPassClaimsDoesNotSendTheMessageAgain()
    {
        var race = new ClaimRace();
        await using var fakes = await FakePlatformServer.StartAsync();
        await using var host = await TestHost.StartAsync(
            fakes,
            new Dictionary<string, string?> { ["ChatCommerce:Outbox:RecoveryInterval"] = "00:00:00.300" },
            services => services.AddScoped<IOutboxStore>(sp => new RacingStore(ActivatorUtilities.CreateInstance<SqlOutboxStore>(sp), race)));

        await fakes.Line.DeliverAsync(fakes.Line.TextEvent(User, "สวัสดีค่ะ"));

        // The answer went out, a pass claimed it while its outcome was being stored, and the pass
        // went on only once the outcome was in.
        await Eventually.TrueAsync(() => race.ClaimedWhileCompleting, TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(async () => (await host.OutboxAsync()) is [], TimeSpan.FromSeconds(10), "delivered: the message left the outbox");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // several more passes
        await Eventually.QuietAsync();
        Assert.Single(fakes.Line.SentTo(User));
        Assert.Equal(1, fakes.Line.Failures.Calls("reply"));
        Assert.Equal(0, fakes.Line.Failures.Calls("push"));
    }

    private sealed class ClaimRace
    {
        private readonly TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _claimed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool ClaimedWhileCompleting;

        /// <summary>Outcomes wait until a pass has claimed their message (once), and say when they are stored.</summary>
        public async Task CompleteAsync(Func<Task> store)
        {
            await _claimed.Task.WaitAsync(TimeSpan.FromSeconds(5));
            await store();
            _stored.TrySetResult();
        }

        /// <summary>A pass that claimed something (the message, still pending) returns only once its outcome is stored.</summary>
        public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(Func<Task<IReadOnlyList<OutboxMessage>>> claim)
        {
            var claimed = await claim();
            if (claimed.Count > 0 && !_stored.Task.IsCompleted)
            {
                _claimed.TrySetResult();
                await _stored.Task.WaitAsync(TimeSpan.FromSeconds(5));
                // Time for the sender to take in the stored outcome before this pass goes on.
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                ClaimedWhileCompleting = true;
            }

            return claimed;
        }
    }

    private sealed class RacingStore(IOutboxStore inner, ClaimRace race) : IOutboxStore
    {
        public Task<IReadOnlyList<OutboxMessage>> AddAsync(IReadOnlyList<OutboxEntry> entries, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
            inner.AddAsync(entries, now, leaseUntil, cancellationToken);

        public Task AddHeldAsync(IReadOnlyList<OutboxEntry> entries, DateTimeOffset now, CancellationToken cancellationToken) => inner.AddHeldAsync(entries, now, cancellationToken);

        public Task<IReadOnlyList<ConversationKey>> WithHeldAsync(int take, CancellationToken cancellationToken) => inner.WithHeldAsync(take, cancellationToken);

        public Task<IReadOnlyList<OutboxMessage>> ReleaseHeldAsync(ConversationKey conversation, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
            inner.ReleaseHeldAsync(conversation, now, leaseUntil, cancellationToken);

        public Task CompleteAsync(IReadOnlyList<OutboxCompletion> completions, CancellationToken cancellationToken) =>
            race.CompleteAsync(() => inner.CompleteAsync(completions, cancellationToken));

        public Task RescheduleAsync(OutboxMessage message, DateTimeOffset nextAttemptAt, DateTimeOffset leaseUntil, string? note, CancellationToken cancellationToken) =>
            inner.RescheduleAsync(message, nextAttemptAt, leaseUntil, note, cancellationToken);

        public Task RenewLeasesAsync(IReadOnlyCollection<long> ids, DateTimeOffset leaseUntil, CancellationToken cancellationToken) => inner.RenewLeasesAsync(ids, leaseUntil, cancellationToken);

        public Task<IReadOnlyList<OutboxMessage>> ClaimAbandonedAsync(DateTimeOffset now, DateTimeOffset orphanedBefore, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken) =>
            race.ClaimAsync(() => inner.ClaimAbandonedAsync(now, orphanedBefore, leaseUntil, max, cancellationToken));

        public Task<int> PendingCountAsync(CancellationToken cancellationToken) => inner.PendingCountAsync(cancellationToken);

        public Task<(OutboxStatus Status, int Progress)?> ReadAsync(long id, CancellationToken cancellationToken) => inner.ReadAsync(id, cancellationToken);
    }
}
