using System.Diagnostics.Metrics;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>Switches a test flips to make the host's storage or dialog fail on purpose.</summary>
public sealed class Faults
{
    /// <summary>Inbox writes fail while this is above zero (each failure counts it down).</summary>
    public int InboxWritesToFail;

    /// <summary>
    /// Inbox writes are stored but then fail while this is above zero: the database committed and
    /// the connection broke before it said so.
    /// </summary>
    public int InboxCommitsToLose;

    /// <summary>Messages with this text make the dialog throw while set.</summary>
    public string? PoisonText;
}

/// <summary>The inbox, failing on demand as a database that is down would.</summary>
internal sealed class FlakyInbox(IInbox inner, Faults faults) : IInbox
{
    public async Task<IReadOnlyList<InboxItem>> AddAsync(IReadOnlyList<InboundEvent> events, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref faults.InboxWritesToFail) >= 0)
        {
            throw new InvalidOperationException("the database is down (test)");
        }

        var added = await inner.AddAsync(events, receivedAt, cancellationToken);
        return Interlocked.Decrement(ref faults.InboxCommitsToLose) >= 0
            ? throw new InvalidOperationException("the connection broke before the commit was confirmed (test)")
            : added;
    }

    public Task<IReadOnlyList<ConversationKey>> StalledAsync(DateTimeOffset receivedBefore, DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        inner.StalledAsync(receivedBefore, now, max, cancellationToken);

    public Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int max, CancellationToken cancellationToken) => inner.DeadLettersAsync(max, cancellationToken);

    public Task<ConversationKey?> RetryDeadLetterAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) => inner.RetryDeadLetterAsync(id, now, cancellationToken);
}

/// <summary>The real dialog, throwing for one text while the fault is set (a poison event).</summary>
internal sealed class PoisonedHandler(ITurnHandler inner, Faults faults) : ITurnHandler
{
    public Task<TurnOutcome> HandleAsync(TurnInput input, CancellationToken cancellationToken) =>
        faults.PoisonText is { } poison && input.Event.Text == poison
            ? throw new InvalidOperationException("this message breaks the dialog (test)")
            : inner.HandleAsync(input, cancellationToken);
}

internal static class PipelineHost
{
    /// <summary>The host with its inbox and dialog wrapped so that <paramref name="faults"/> can break them.</summary>
    public static Task<TestHost> StartAsync(FakePlatformServer fakes, Faults faults, IDictionary<string, string?>? settings = null, string? dataDir = null) =>
        TestHost.StartAsync(fakes, settings, services =>
        {
            services.AddSingleton(faults);
            services.AddScoped<IInbox>(sp => new FlakyInbox(ActivatorUtilities.CreateInstance<SqlInbox>(sp), faults));
            services.AddScoped<ITurnHandler>(sp => new PoisonedHandler(ActivatorUtilities.CreateInstance<EngineTurnHandler>(sp), faults));
        }, dataDir);
}

/// <summary>Counts what one host's pipeline meter records (other hosts in the test run are ignored).</summary>
internal sealed class MetricCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;
    private long _events;

    /// <param name="tag">Only measurements carrying this tag value (e.g. step=intake).</param>
    public MetricCounter(TestHost host, string instrument, (string Key, string Value)? tag = null)
    {
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == PipelineMetrics.MeterName && i.Name == instrument && ReferenceEquals(i.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(i);
            }
        };
        bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tag is not { } wanted)
            {
                return true;
            }

            foreach (var t in tags)
            {
                if (t.Key == wanted.Key && Equals(t.Value, wanted.Value))
                {
                    return true;
                }
            }

            return false;
        }

        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (Matches(tags))
            {
                Interlocked.Add(ref _total, value);
                Interlocked.Increment(ref _events);
            }
        });
        _listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            if (Matches(tags))
            {
                Interlocked.Add(ref _total, value);
                Interlocked.Increment(ref _events);
            }
        });
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            if (Matches(tags))
            {
                Interlocked.Increment(ref _events);
            }
        });
        _listener.Start();
    }

    /// <summary>The sum of a counter's increments (or of a whole-number histogram's values).</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>How many measurements were recorded (for a histogram: how many times it was timed).</summary>
    public long Events => Interlocked.Read(ref _events);

    public void Dispose() => _listener.Dispose();
}
