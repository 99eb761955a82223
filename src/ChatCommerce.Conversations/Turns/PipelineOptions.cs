namespace ChatCommerce.Conversations.Turns;

/// <summary>Configuration section <c>ChatCommerce:Pipeline</c>.</summary>
public sealed class PipelineOptions
{
    public const string Section = "ChatCommerce:Pipeline";

    /// <summary>
    /// How long a new event waits at least before its conversation is drained, so that events
    /// delivered slightly out of order are put back in timestamp order first.
    /// </summary>
    public TimeSpan ReorderWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Conversations whose wait ends within one tick are handed to the workers together at its end
    /// (ticks of the clock, the same for every conversation), so a new event waits between
    /// <see cref="ReorderWindow"/> and that plus a tick. Drains that start together share their
    /// reads and commits; started one by one as events trickle in, each paid its round trips alone:
    /// at 600 single messages a second the host spent 1.3–1.7 ms of CPU a turn, with ticks
    /// 0.8–0.9 ms, and the database 0.83–0.88 against 0.56–0.66. Zero: each at its own time.
    /// </summary>
    public TimeSpan DrainTick { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Conversations handled at once (each one still one turn at a time); most of them wait for the database or a platform.</summary>
    public int Workers { get; set; } = 64;

    /// <summary>
    /// Conversations handled at once while the recent drains each found about one event, as when
    /// shoppers write at a steady rate rather than a backlog waiting (<see cref="DrainSizes"/>):
    /// such a drain mostly waits for the read and the commit it shares with the others of its
    /// tick, and with 64 of them a tick's conversations waited for a free worker from about 1,000
    /// single messages a second on the 2-core machine of docs/throughput.md. With a backlog the
    /// drains are long and <see cref="Workers"/> holds (128 then gave fewer acknowledgements and
    /// turns in the end-to-end bench). At most <see cref="Workers"/> when smaller; no extra
    /// workers when <see cref="Workers"/> is 0. Unset: 128 on PostgreSQL, <see cref="Workers"/>
    /// on SQLite (whose writes queue at one gate: a third fewer turns in the embedded bench).
    /// </summary>
    public int? ShortDrainWorkers { get; set; }

    /// <summary>Turns that may use the CPU at the same moment (default: one per core), so webhooks stay fast under load.</summary>
    public int? CpuSlots { get; set; }

    /// <summary>
    /// How much lower than the host's the priority of the turns' threads is (Linux nice, 0–19; 0:
    /// the same). When the core is short, acknowledging webhooks goes first; turns get the rest.
    /// </summary>
    public int TurnNice { get; set; } = 10;

    /// <summary>
    /// How long a turns' thread may run without waiting before it offers the core to a thread
    /// waiting for it, between two pieces of work (unset: never; zero: after each piece). Under
    /// batch scheduling a woken webhook's or database answer's thread does not preempt the turns'
    /// thread: it waits for the turn to block or for the kernel's tick (4 ms on the machine of
    /// docs/throughput.md), several times an acknowledgement. In the end-to-end bench's flood 250 µs
    /// gave a fifth more acknowledgements and a tenth more turns a second (five runs against
    /// eight), but at a steady 1,000 webhooks a second a tenth more CPU a turn and about twice the
    /// reply p99, so it is off unless a shop's traffic comes in bursts.
    /// </summary>
    public TimeSpan? TurnSlice { get; set; }

    /// <summary>The conversation lock expires this long after its last renewal; it is renewed every third of it while a drain runs.</summary>
    public TimeSpan LockTimeToLive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>When another instance holds the conversation, look again after this long.</summary>
    public TimeSpan BusyRetry { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Pending events taken per drain (a longer backlog is drained in several).</summary>
    public int EventsPerDrain { get; set; } = 100;

    /// <summary>Attempts at one event before it is dead-lettered and the conversation goes on without it.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Waits between attempts at a failing event double from this, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Pending events older than this are picked up by the sweeper (crash recovery).</summary>
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The typing indicator appears only when a turn takes longer than this (0: always, before the turn).</summary>
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan TypingTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A first contact's profile is asked for with this time-out; without it the turn goes on.</summary>
    public TimeSpan ProfileTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Turns re-run at most this often when another writer keeps moving the state on.</summary>
    public int MaxConflicts { get; set; } = 5;

    /// <summary>
    /// Turns committed by one transaction at most: turns that made no domain write of their own
    /// and finish while another group commits share the next one, a drain's chain counting as its
    /// turns (1: each turn, or chain, commits alone). Unset, the store chooses: 64 on PostgreSQL,
    /// 32 on SQLite.
    /// </summary>
    public int? CommitGroup { get; set; }

    /// <summary>
    /// Turns of one drain committed together at most: with a backlog, a drain runs its events one
    /// after another on the state each leaves and commits them in one go, all or none (1: each
    /// turn commits before the next runs). A turn that writes to the shop's data (an order, a
    /// case) or hands the conversation over still commits on its own, after the ones before it.
    /// </summary>
    public int ChainTurns { get; set; } = 16;

    /// <summary>
    /// Drains whose loads share one query at most (PostgreSQL): a drain that starts while another
    /// group is read waits for the next one (1: each drain reads alone).
    /// </summary>
    public int LoadGroup { get; set; } = 32;

    /// <summary>Events stored by one intake write at most (concurrent deliveries share a write).</summary>
    public int IntakeBatch { get; set; } = 500;

    /// <summary>
    /// Intake writes in flight at once: while one waits for the database's commit, the next
    /// gathers the deliveries that arrived meanwhile (1: one write at a time). Unset, the store
    /// chooses: 2 on PostgreSQL, 1 on SQLite (whose writes queue at one gate anyway).
    /// </summary>
    public int? IntakeWriters { get; set; }

    /// <summary>
    /// How long the turns' grouped reads and commits wait at most for the intake's writes in
    /// flight to finish before they go to the database (zero: they never wait).
    /// </summary>
    public TimeSpan YieldToIntake { get; set; } = TimeSpan.FromMilliseconds(50);
}
