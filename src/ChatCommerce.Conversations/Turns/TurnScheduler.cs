using System.Collections.Concurrent;
using System.Diagnostics;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Where turns use the CPU: a fixed number of dedicated threads (one per core by default) that
/// run at a lower operating-system priority than the rest of the host. When the core is short,
/// the webhooks' acknowledgements (on the thread pool, at normal priority) go first and turns get
/// what is left; when it is not, turns get all of it. A platform that waits too long for its 200
/// delivers the event again and, after enough of those, stops sending; a reply that waits a
/// little is still a reply.
/// <para>
/// The threads' priority is lowered by <see cref="PipelineOptions.TurnNice"/> (<see cref="ThreadNice"/>).
/// A turn waiting for the database or a platform holds no thread.
/// </para>
/// <para>
/// With <see cref="PipelineOptions.TurnSlice"/> set, a thread that has run that long without
/// waiting yields the core between two pieces of work: under batch scheduling
/// (<see cref="BatchScheduling"/>) a woken thread does not preempt the running one, so the
/// webhooks' threads otherwise wait for the turns' thread to block or for the kernel's next tick.
/// </para>
/// </summary>
public sealed class TurnScheduler : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread[] _threads;
    private readonly int _nice;
    private readonly TimeSpan? _slice;
    private long _yields;

    [ThreadStatic]
    private static TurnScheduler? _running;

    public TurnScheduler(int threads, int nice, TimeSpan? slice = null)
    {
        _nice = nice;
        _slice = slice;
        _threads = new Thread[Math.Max(1, threads)];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"turns-{i}" };
            _threads[i].Start();
        }
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>How often the threads have offered the core to others after a slice of work.</summary>
    public long Yields => Interlocked.Read(ref _yields);

    protected override void QueueTask(Task task)
    {
        try
        {
            _queue.Add(task);
        }
        catch (InvalidOperationException)
        {
            // Disposed (the host is stopping): run it on the pool, so nothing waiting on it hangs.
            ThreadPool.QueueUserWorkItem(_ => TryExecuteTask(task));
        }
    }

    // Inline only on our own threads: a turn's continuation never runs on a webhook's thread.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        ReferenceEquals(_running, this) && !taskWasPreviouslyQueued && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    public void Dispose() => _queue.CompleteAdding();

    private void Run()
    {
        _running = this;
        ThreadNice.LowerCurrent(_nice);

        var running = Stopwatch.GetTimestamp();
        while (true)
        {
            if (!_queue.TryTake(out var task))
            {
                // Nothing queued: wait for work (false once disposed and empty); the slice starts again after the wait.
                if (!_queue.TryTake(out task, Timeout.Infinite))
                {
                    return;
                }

                running = Stopwatch.GetTimestamp();
            }

            TryExecuteTask(task);
            if (_slice is { } slice && Stopwatch.GetElapsedTime(running) >= slice)
            {
                Thread.Yield();
                Interlocked.Increment(ref _yields);
                running = Stopwatch.GetTimestamp();
            }
        }
    }
}
