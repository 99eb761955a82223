using System.Diagnostics.Metrics;
using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.Conversations.Turns;

/// <summary>The pipeline's counters (meter <c>ChatCommerce.Pipeline</c>), tagged by channel.</summary>
public sealed class PipelineMetrics : IDisposable
{
    public const string MeterName = "ChatCommerce.Pipeline";

    private readonly Meter _meter;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _turns;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _sendRetries;
    private readonly Counter<long> _notDelivered;
    private readonly Histogram<double> _stepDuration;
    private readonly Histogram<int> _commitGroup;
    private readonly Counter<long> _commitGroupSplit;
    private readonly Histogram<int> _chain;

    public PipelineMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _accepted = _meter.CreateCounter<long>("chatcommerce.inbox.accepted", "{event}", "Events stored by the webhooks (duplicates not counted).");
        _turns = _meter.CreateCounter<long>("chatcommerce.turns", "{event}", "Events handled and committed.");
        _deadLetters = _meter.CreateCounter<long>("chatcommerce.inbox.dead_letters", "{event}", "Events given up on after every attempt.");
        _sent = _meter.CreateCounter<long>("chatcommerce.outbox.sent", "{message}", "Outbox messages delivered.");
        _sendRetries = _meter.CreateCounter<long>("chatcommerce.outbox.retries", "{attempt}", "Delivery attempts that will be tried again.");
        _notDelivered = _meter.CreateCounter<long>("chatcommerce.outbox.not_delivered", "{message}", "Outbox messages that ended without delivery (expired, refused, not allowed).");
        _commitGroup = _meter.CreateHistogram<int>("chatcommerce.turn.commit_group.size", "{turn}", "Turns committed by one group transaction.");
        _commitGroupSplit = _meter.CreateCounter<long>("chatcommerce.turn.commit_group.split", "{group}", "Commit groups written again turn by turn (behind savepoints) because one of their turns conflicted or failed.");
        _chain = _meter.CreateHistogram<int>("chatcommerce.turn.chain.size", "{turn}", "Turns of one drain committed together (each ran on the state the one before it left).");
        _stepDuration = _meter.CreateHistogram<double>("chatcommerce.turn.step.duration", "ms", "How long each step of the turn pipeline took (load, understand, record, ownership, dialog, commit, send).");
    }

    /// <summary>Times one pipeline step (wall time; on an idle host, its cost).</summary>
    public void Step(string step, long startTimestamp) =>
        _stepDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, new KeyValuePair<string, object?>("step", step));

    public void Accepted(int count) => _accepted.Add(count);

    public void CommitGroup(int turns) => _commitGroup.Record(turns);

    public void CommitGroupSplit() => _commitGroupSplit.Add(1);

    public void ChainCommitted(int turns) => _chain.Record(turns);

    public void TurnCompleted(Channel channel) => _turns.Add(1, Tag(channel));

    public void DeadLettered(Channel channel) => _deadLetters.Add(1, Tag(channel));

    public void Sent(Channel channel) => _sent.Add(1, Tag(channel));

    public void SendRetried(Channel channel) => _sendRetries.Add(1, Tag(channel));

    public void NotDelivered(Channel channel, string status) => _notDelivered.Add(1, Tag(channel), new KeyValuePair<string, object?>("status", status));

    private static KeyValuePair<string, object?> Tag(Channel channel) => new("channel", channel == Channel.Line ? "line" : "messenger");

    public void Dispose() => _meter.Dispose();
}
