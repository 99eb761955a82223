namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// How many events the recent drains found (a moving mean over about the last 32), and whether
/// that is few enough for the dispatcher's extra workers (<see cref="PipelineOptions.ShortDrainWorkers"/>)
/// to take conversations. A drain of one event spends most of its life waiting for the grouped
/// read and commit it shares with the others of its tick, so at a steady rate of single messages
/// the number of drains at once, not the work, is what limits how many turns a second get
/// through. A drain of a backlog runs many turns: there the work is the limit, and more drains at
/// once only add to what the database and the host do at the same moment.
/// </summary>
public sealed class DrainSizes(double shortMean = DrainSizes.ShortMean)
{
    /// <summary>A mean at or below this is short: most drains find a single event.</summary>
    public const double ShortMean = 1.5;

    private const int Window = 32;

    private readonly Lock _lock = new();
    private readonly AsyncGate _short = new(open: true);
    private double _mean = 1;

    /// <summary>The moving mean of events a drain found.</summary>
    public double Mean
    {
        get
        {
            lock (_lock)
            {
                return _mean;
            }
        }
    }

    public bool IsShort => _short.IsOpen;

    /// <summary>A drain found this many events (a drain that found none, or never read, is not counted).</summary>
    public void Observe(int events)
    {
        if (events <= 0)
        {
            return;
        }

        lock (_lock)
        {
            _mean += (events - _mean) / Window;
            if (_mean <= shortMean)
            {
                _short.Open();
            }
            else
            {
                _short.Shut();
            }
        }
    }

    /// <summary>Completes while (or as soon as) the recent drains are short.</summary>
    public Task WhenShort() => _short.WhenOpen();
}
