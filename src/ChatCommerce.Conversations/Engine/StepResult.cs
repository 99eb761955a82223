namespace ChatCommerce.Conversations.Engine;

/// <summary>What a step decided. Built with the static helpers of <see cref="Flow{TState}"/>.</summary>
public abstract record StepResult<TState>
{
    /// <summary>Go on to another step now, in the same turn.</summary>
    public sealed record Goto(string Step, TState State) : StepResult<TState>;

    /// <summary>End the turn; the shopper's next message goes to <paramref name="Step"/>.</summary>
    public sealed record Wait(string Step, TState State) : StepResult<TState>;

    /// <summary>The input did not fit: ask again (the engine counts and escalates).</summary>
    public sealed record Retry(TState State) : StepResult<TState>;

    /// <summary>Start a child flow; when it ends, continue at <paramref name="ReturnStep"/> with its result.</summary>
    public sealed record Call(string Flow, string? Arguments, string ReturnStep, TState State) : StepResult<TState>;

    /// <summary>This flow is done; its parent (if any) continues with <paramref name="Result"/>.</summary>
    public sealed record End(string? Result) : StepResult<TState>;
}
