using ChatCommerce.Conversations.Turns;

namespace ChatCommerce.Conversations.Engine;

/// <summary>A conversation flow the engine can run. Implement by deriving from <see cref="Flow{TState}"/>.</summary>
public interface IFlow
{
    string Id { get; }

    int Version { get; }

    /// <summary>Whether a frame started under <paramref name="version"/> can go on under this deploy.</summary>
    bool CanResume(int version);

    DialogFrame Begin(string? arguments);

    ValueTask<FlowStep> StepAsync(DialogFrame frame, TurnInput input, TurnReplies replies, string? childResult, bool isAnswer, CancellationToken cancellationToken);
}

public enum FlowStepKind
{
    Goto,
    Wait,
    Retry,
    Call,
    End,
}

/// <summary>A step's result with the state already serialized: what the engine works with.</summary>
public sealed record FlowStep(FlowStepKind Kind, string? Step = null, string? State = null, string? CallFlow = null, string? CallArguments = null, string? Result = null);
