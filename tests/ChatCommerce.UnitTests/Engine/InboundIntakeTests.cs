using System.Collections.Concurrent;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatCommerce.UnitTests.Engine;

public sealed class InboundIntakeTests
{
    [Fact]
    public async Task WithTwoWritersADeliveryIsStoredWhileAnEarlierWriteWaitsForTheDatabase()
    {
        var inbox = new GatedInbox();
        await using var run = await Run(inbox, writers: 2);

        var first = run.Intake.AcceptAsync([Event("e1", "U1")], CancellationToken.None);
        await inbox.Entered.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)); // the first write is in the database and held there
        var second = run.Intake.AcceptAsync([Event("e2", "U2")], CancellationToken.None);

        Assert.Equal(1, await second.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(first.IsCompleted);
        inbox.Release.TrySetResult();
        Assert.Equal(1, await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, inbox.MostAtOnce);
        // Conversations are scheduled just after their deliveries are answered.
        for (var waited = 0; run.Dispatcher.Scheduled.Count < 2 && waited < 200; waited++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(["U1", "U2"], run.Dispatcher.Scheduled.Order().ToArray());
    }

    [Fact]
    public async Task WithOneWriterDeliveriesArrivingDuringAWriteShareTheNextOne()
    {
        var inbox = new GatedInbox();
        await using var run = await Run(inbox, writers: 1);

        var first = run.Intake.AcceptAsync([Event("e1", "U1")], CancellationToken.None);
        await inbox.Entered.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var later = Enumerable.Range(2, 5).Select(i => run.Intake.AcceptAsync([Event("e" + i, "U" + i)], CancellationToken.None)).ToList();
        await Task.Delay(100);
        Assert.All(later, t => Assert.False(t.IsCompleted));

        inbox.Release.TrySetResult();
        Assert.Equal(1, await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.All(await Task.WhenAll(later).WaitAsync(TimeSpan.FromSeconds(10)), n => Assert.Equal(1, n));
        Assert.Equal(1, inbox.MostAtOnce);
        Assert.Equal([1, 5], inbox.Writes.ToArray()); // the five waiting deliveries went in one write
    }

    [Fact]
    public async Task AFailedWriteFailsOnlyItsOwnDeliveriesAndDuplicatesCountAsNothingNew()
    {
        var inbox = new GatedInbox { FailFor = "bad" };
        inbox.Release.TrySetResult();
        await using var run = await Run(inbox, writers: 2);

        await Assert.ThrowsAsync<InvalidOperationException>(() => run.Intake.AcceptAsync([Event("bad", "U1")], CancellationToken.None));
        Assert.Equal(1, await run.Intake.AcceptAsync([Event("ok", "U1")], CancellationToken.None));
        Assert.Equal(0, await run.Intake.AcceptAsync([Event("ok", "U1")], CancellationToken.None));
    }

    [Fact]
    public async Task TheIntakeIsBusyWhileAWriteIsInTheDatabaseAndQuietOnceItEnds()
    {
        var inbox = new GatedInbox();
        var activity = Activity();
        await using var run = await Run(inbox, writers: 2, activity);
        Assert.True(activity.WhenQuietAsync().IsCompleted);

        var stored = run.Intake.AcceptAsync([Event("e1", "U1")], CancellationToken.None);
        await inbox.Entered.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var quiet = activity.WhenQuietAsync();
        await Task.Delay(100);
        Assert.False(quiet.IsCompleted);

        inbox.Release.TrySetResult();
        await stored.WaitAsync(TimeSpan.FromSeconds(10));
        await quiet.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(activity.WhenQuietAsync().IsCompleted);
    }

    [Fact]
    public async Task AFailedWriteLeavesTheIntakeQuietToo()
    {
        var inbox = new GatedInbox { FailFor = "bad" };
        inbox.Release.TrySetResult();
        var activity = Activity();
        await using var run = await Run(inbox, writers: 1, activity);

        await Assert.ThrowsAsync<InvalidOperationException>(() => run.Intake.AcceptAsync([Event("bad", "U1")], CancellationToken.None));
        Assert.True(activity.WhenQuietAsync().IsCompleted);
    }

    private static InboundEvent Event(string id, string user) => new()
    {
        Channel = Channel.Line,
        EventId = id,
        Kind = InboundEventKind.Message,
        RawType = "message",
        Timestamp = DateTimeOffset.UnixEpoch,
        Conversation = new ConversationKey(Channel.Line, user),
        ContentType = MessageContentType.Text,
        Text = "hi",
        RawJson = "{}",
    };

    /// <summary>A turn would wait for a write in flight up to a minute: longer than any of these tests.</summary>
    private static IntakeActivity Activity() => new(TimeProvider.System, Options.Create(new PipelineOptions { YieldToIntake = TimeSpan.FromMinutes(1) }));

    private static async Task<Running> Run(GatedInbox inbox, int writers, IntakeActivity? activity = null)
    {
        var services = new ServiceCollection().AddMetrics().AddSingleton<IInbox>(inbox).BuildServiceProvider();
        var dispatcher = new RecordingDispatcher();
        var intake = new InboundIntake(services.GetRequiredService<IServiceScopeFactory>(), dispatcher, activity ?? Activity(),
            new PipelineMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            Options.Create(new PipelineOptions { IntakeWriters = writers }), TimeProvider.System, NullLogger<InboundIntake>.Instance);
        await intake.StartAsync(CancellationToken.None);
        return new Running(intake, dispatcher, services);
    }

    private sealed record Running(InboundIntake Intake, RecordingDispatcher Dispatcher, ServiceProvider Services) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Intake.StopAsync(CancellationToken.None);
            await Services.DisposeAsync();
        }
    }

    private sealed class RecordingDispatcher : IConversationDispatcher
    {
        public ConcurrentQueue<string> Scheduled { get; } = new();

        public void Schedule(ConversationKey conversation, TimeSpan delay) => Scheduled.Enqueue(conversation.ChatId);
    }

    /// <summary>An inbox whose first write waits until released; it counts writes in flight.</summary>
    private sealed class GatedInbox : IInbox
    {
        private readonly ConcurrentDictionary<string, bool> _stored = new();
        private int _inFlight;
        private int _calls;

        public System.Threading.Channels.Channel<int> Entered { get; } = System.Threading.Channels.Channel.CreateUnbounded<int>();

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<int> Writes { get; } = new();

        public string? FailFor { get; init; }

        public int MostAtOnce { get; private set; }

        public async Task<IReadOnlyList<InboxItem>> AddAsync(IReadOnlyList<InboundEvent> events, DateTimeOffset receivedAt, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (Writes)
            {
                MostAtOnce = Math.Max(MostAtOnce, now);
            }

            try
            {
                Writes.Enqueue(events.Count);
                Entered.Writer.TryWrite(events.Count);
                if (Interlocked.Increment(ref _calls) == 1)
                {
                    // As a database would, the held write gives up when the intake stops: a test
                    // that fails before releasing it then ends instead of hanging in its disposal.
                    await Release.Task.WaitAsync(cancellationToken);
                }

                if (events.Any(e => e.EventId == FailFor))
                {
                    throw new InvalidOperationException("The database refused the write.");
                }

                return [.. events.Where(e => _stored.TryAdd(e.EventId, true)).Select((e, i) => new InboxItem(i + 1, e, receivedAt))];
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public Task<IReadOnlyList<ConversationKey>> StalledAsync(DateTimeOffset receivedBefore, DateTimeOffset now, int max, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ConversationKey>>([]);

        public Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int max, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DeadLetter>>([]);

        public Task<ConversationKey?> RetryDeadLetterAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
            Task.FromResult<ConversationKey?>(null);
    }
}
