using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Conversations.Engine;

/// <summary>
/// Runs one turn: interrupts first, then the step the innermost flow waits at, following gotos,
/// calls into child flows and returns to parents until a step waits for the shopper. A frame
/// from a flow version this deploy cannot resume is restarted politely, never crashed on. A
/// question answered badly three times offers a human.
/// </summary>
public sealed class DialogEngine(
    IEnumerable<IFlow> flows,
    IEnumerable<IInterrupt> interrupts,
    IDialogTexts texts,
    string rootFlow,
    ILogger<DialogEngine> logger)
{
    public const int MaxAttempts = 3;
    public const string TalkToStaffPayload = "staff:request";
    private const int MaxStepsPerTurn = 32;
    private readonly Dictionary<string, IFlow> _flows = flows.ToDictionary(f => f.Id, StringComparer.Ordinal);
    private readonly IInterrupt[] _interrupts = interrupts.ToArray();

    public async ValueTask<EngineOutcome> RunAsync(TurnInput input, DialogStack stack, CancellationToken cancellationToken)
    {
        var replies = new TurnReplies(input.State.Basket);
        foreach (var interrupt in _interrupts)
        {
            if (await interrupt.TryHandleAsync(input, stack, replies, cancellationToken) is { } handled)
            {
                return new EngineOutcome(handled.Stack, replies.Messages, handled.HandToStaff || replies.HandToStaff, replies.Basket);
            }
        }

        if (stack.Top is { } waiting && (!_flows.TryGetValue(waiting.Flow, out var known) || !known.CanResume(waiting.Version)))
        {
            logger.LogInformation("Flow {Flow} v{Version} cannot be resumed after a deploy; restarting politely", waiting.Flow, waiting.Version);
            replies.Add(new TextReply(texts.Get(input.State.Locale, "engine.flow_updated")));
            stack = DialogStack.Empty;
        }

        if (stack.Top is null)
        {
            stack = stack.Push(Flow(rootFlow).Begin(null));
        }

        stack = await RunStepsAsync(input, stack, replies, cancellationToken);
        return new EngineOutcome(replies.HandToStaff ? DialogStack.Empty : stack, replies.Messages, replies.HandToStaff, replies.Basket);
    }

    private async ValueTask<DialogStack> RunStepsAsync(TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken)
    {
        var frame = stack.Top!;
        string? childResult = null;
        var isAnswer = true;
        for (var i = 0; i < MaxStepsPerTurn; i++)
        {
            FlowStep step;
            try
            {
                step = await Flow(frame.Flow).StepAsync(frame, input, replies, childResult, isAnswer, cancellationToken);
            }
            catch (UnknownStepException ex)
            {
                logger.LogWarning(ex, "Restarting {Flow}: its stored step is gone", frame.Flow);
                replies.Add(new TextReply(texts.Get(input.State.Locale, "engine.flow_updated")));
                return DialogStack.Empty.Push(Flow(rootFlow).Begin(null));
            }

            switch (step.Kind)
            {
                case FlowStepKind.Goto:
                    frame = frame with { Step = step.Step!, State = step.State!, Attempts = 0 };
                    stack = stack.ReplaceTop(frame);
                    (childResult, isAnswer) = (null, false);
                    continue;
                case FlowStepKind.Wait:
                    return stack.ReplaceTop(frame with { Step = step.Step!, State = step.State!, Attempts = 0 });
                case FlowStepKind.Retry:
                    var attempts = frame.Attempts + 1;
                    if (attempts >= MaxAttempts)
                    {
                        replies.Add(new TextReply(texts.Get(input.State.Locale, "engine.offer_staff"))
                        {
                            QuickReplies = [new ReplyAction(texts.Get(input.State.Locale, "engine.talk_to_staff"), TalkToStaffPayload)],
                        });
                        attempts = 0;
                    }

                    return stack.ReplaceTop(frame with { State = step.State!, Attempts = attempts });
                case FlowStepKind.Call:
                    stack = stack.ReplaceTop(frame with { Step = step.Step!, State = step.State!, Attempts = 0 });
                    frame = Flow(step.CallFlow!).Begin(step.CallArguments);
                    stack = stack.Push(frame);
                    (childResult, isAnswer) = (null, false);
                    continue;
                case FlowStepKind.End:
                    var interjection = frame.Interjection;
                    stack = stack.Pop();
                    if (stack.Top is null || interjection)
                    {
                        return stack;
                    }

                    frame = stack.Top;
                    (childResult, isAnswer) = (step.Result, false);
                    continue;
            }
        }

        throw new InvalidOperationException($"Flow '{frame.Flow}' took more than {MaxStepsPerTurn} steps in one turn; a step must wait for the shopper.");
    }

    private IFlow Flow(string id) =>
        _flows.TryGetValue(id, out var flow) ? flow : throw new InvalidOperationException($"No flow '{id}' is registered.");
}
