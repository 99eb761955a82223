using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatCommerce.Conversations.Turns;

namespace ChatCommerce.Conversations.Engine;

/// <summary>
/// A flow with typed state (serialized by source-generated JSON, never by type name) and named
/// steps. Steps are looked up by name, so adding or reordering steps does not break a
/// conversation that waits at one of them; removing or renaming a step is a new
/// <see cref="Version"/>.
/// </summary>
public abstract class Flow<TState> : IFlow
    where TState : class
{
    private IReadOnlyDictionary<string, Func<StepContext<TState>, ValueTask<StepResult<TState>>>>? _steps;

    public abstract string Id { get; }

    public virtual int Version => 1;

    protected abstract JsonTypeInfo<TState> StateJson { get; }

    protected abstract string FirstStep { get; }

    public virtual bool CanResume(int version) => version == Version;

    public DialogFrame Begin(string? arguments) => new(Id, Version, FirstStep, JsonSerializer.Serialize(Start(arguments), StateJson));

    public async ValueTask<FlowStep> StepAsync(DialogFrame frame, TurnInput input, TurnReplies replies, string? childResult, bool isAnswer, CancellationToken cancellationToken)
    {
        _steps ??= DefineSteps();
        if (!_steps.TryGetValue(frame.Step, out var step))
        {
            throw new UnknownStepException(Id, frame.Step);
        }

        var state = JsonSerializer.Deserialize(frame.State, StateJson) ?? Start(null);
        var result = await step(new StepContext<TState>(input, state, replies, frame.Attempts, childResult, isAnswer, cancellationToken));
        return result switch
        {
            StepResult<TState>.Goto g => new FlowStep(FlowStepKind.Goto, g.Step, Serialize(g.State)),
            StepResult<TState>.Wait w => new FlowStep(FlowStepKind.Wait, w.Step, Serialize(w.State)),
            StepResult<TState>.Retry r => new FlowStep(FlowStepKind.Retry, frame.Step, Serialize(r.State)),
            StepResult<TState>.Call c => new FlowStep(FlowStepKind.Call, c.ReturnStep, Serialize(c.State), c.Flow, c.Arguments),
            StepResult<TState>.End e => new FlowStep(FlowStepKind.End, Result: e.Result),
            _ => throw new InvalidOperationException($"Unknown step result {result.GetType().Name}."),
        };
    }

    /// <summary>The state a new run of the flow starts with.</summary>
    protected abstract TState Start(string? arguments);

    /// <summary>The steps by name.</summary>
    protected abstract IReadOnlyDictionary<string, Func<StepContext<TState>, ValueTask<StepResult<TState>>>> DefineSteps();

    protected static StepResult<TState> Goto(string step, TState state) => new StepResult<TState>.Goto(step, state);

    protected static StepResult<TState> Wait(string step, TState state) => new StepResult<TState>.Wait(step, state);

    protected static StepResult<TState> Retry(TState state) => new StepResult<TState>.Retry(state);

    protected static StepResult<TState> Call(string flow, string? arguments, string returnStep, TState state) => new StepResult<TState>.Call(flow, arguments, returnStep, state);

    protected static StepResult<TState> End(string? result = null) => new StepResult<TState>.End(result);

    private string Serialize(TState state) => JsonSerializer.Serialize(state, StateJson);
}

/// <summary>A stored frame names a step the flow no longer has.</summary>
public sealed class UnknownStepException(string flow, string step) : Exception($"Flow '{flow}' has no step '{step}'.");
