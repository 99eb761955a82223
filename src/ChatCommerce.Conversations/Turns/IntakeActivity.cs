using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Whether the intake is storing webhook deliveries right now. The turns' grouped reads and
/// commits ask it before they go to the database (<see cref="WhenQuietAsync"/>), so that while
/// deliveries wait for their write the database serves the write first: a platform waits for the
/// acknowledgement, a reply can be a few milliseconds later.
/// </summary>
public sealed class IntakeActivity(TimeProvider time, IOptions<PipelineOptions> options)
{
    private readonly Lock _lock = new();
    private readonly AsyncGate _quiet = new(open: true);
    private int _writing;

    /// <summary>An intake write begins.</summary>
    public void Begin()
    {
        lock (_lock)
        {
            if (_writing++ == 0)
            {
                _quiet.Shut();
            }
        }
    }

    /// <summary>An intake write ended (stored or failed).</summary>
    public void End()
    {
        lock (_lock)
        {
            if (--_writing == 0)
            {
                _quiet.Open();
            }
        }
    }

    /// <summary>
    /// Completes when no intake write is in flight, or after <see cref="PipelineOptions.YieldToIntake"/>
    /// at the latest (turns are never held longer than that, however busy the intake).
    /// </summary>
    public Task WhenQuietAsync()
    {
        var most = options.Value.YieldToIntake;
        var quiet = _quiet.WhenOpen();
        return quiet.IsCompleted || most <= TimeSpan.Zero ? Task.CompletedTask : Task.WhenAny(quiet, Task.Delay(most, time));
    }
}
