using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ChatCommerce.Conversations.Engine;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.UnitTests.Engine;

public sealed record RootState(int Orders);

public sealed record OrderState(int? Quantity, string? Address);

public sealed record AddressState(string? Draft);

[JsonSerializable(typeof(RootState))]
[JsonSerializable(typeof(OrderState))]
[JsonSerializable(typeof(AddressState))]
public sealed partial class SampleJson : JsonSerializerContext;

/// <summary>The root: a menu that starts an order and reports how it ended.</summary>
public sealed class RootFlow : Flow<RootState>
{
    public override string Id => "root";

    protected override JsonTypeInfo<RootState> StateJson => SampleJson.Default.RootState;

    protected override string FirstStep => "start";

    protected override RootState Start(string? arguments) => new(0);

    protected override IReadOnlyDictionary<string, Func<StepContext<RootState>, ValueTask<StepResult<RootState>>>> DefineSteps() => new Dictionary<string, Func<StepContext<RootState>, ValueTask<StepResult<RootState>>>>
    {
        ["start"] = c =>
        {
            if (c.Text == "order")
            {
                return ValueTask.FromResult(Call("order", null, "after_order", c.State));
            }

            c.Say(new TextReply("menu"));
            return ValueTask.FromResult(Wait("start", c.State));
        },
        ["after_order"] = c =>
        {
            c.Say(new TextReply("done: " + c.ChildResult));
            return ValueTask.FromResult(Wait("start", c.State with { Orders = c.State.Orders + 1 }));
        },
    };
}

/// <summary>Quantity (a number, re-asked when it is not), then the address child flow, then a confirm.</summary>
public sealed class OrderFlow(int version = 1, int resumableFrom = 1) : Flow<OrderState>
{
    public override string Id => "order";

    public override int Version => version;

    public override bool CanResume(int stored) => stored >= resumableFrom && stored <= version;

    protected override JsonTypeInfo<OrderState> StateJson => SampleJson.Default.OrderState;

    protected override string FirstStep => "ask_quantity";

    protected override OrderState Start(string? arguments) => new(null, null);

    protected override IReadOnlyDictionary<string, Func<StepContext<OrderState>, ValueTask<StepResult<OrderState>>>> DefineSteps() => new Dictionary<string, Func<StepContext<OrderState>, ValueTask<StepResult<OrderState>>>>
    {
        ["ask_quantity"] = c =>
        {
            c.Say(new TextReply("how many?"));
            return ValueTask.FromResult(Wait("read_quantity", c.State));
        },
        ["read_quantity"] = c =>
        {
            if (!int.TryParse(c.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 99)
            {
                c.Say(new TextReply("please send a number from 1 to 99"));
                return ValueTask.FromResult(Retry(c.State));
            }

            return ValueTask.FromResult(Call("address", null, "confirm", c.State with { Quantity = n }));
        },
        ["confirm"] = c =>
        {
            var state = c.State with { Address = c.ChildResult };
            c.Say(new ConfirmReply($"{state.Quantity} to {state.Address}?", new ReplyAction("yes", "yes"), new ReplyAction("no", "no")));
            return ValueTask.FromResult(Wait("read_confirm", state));
        },
        ["read_confirm"] = c => ValueTask.FromResult(End(c.Text == "yes" ? "ordered" : "dropped")),
    };
}

public sealed class AddressFlow : Flow<AddressState>
{
    public override string Id => "address";

    protected override JsonTypeInfo<AddressState> StateJson => SampleJson.Default.AddressState;

    protected override string FirstStep => "ask";

    protected override AddressState Start(string? arguments) => new(null);

    protected override IReadOnlyDictionary<string, Func<StepContext<AddressState>, ValueTask<StepResult<AddressState>>>> DefineSteps() => new Dictionary<string, Func<StepContext<AddressState>, ValueTask<StepResult<AddressState>>>>
    {
        ["ask"] = c =>
        {
            c.Say(new TextReply("address?"));
            return ValueTask.FromResult(Wait("read", c.State));
        },
        ["read"] = c => ValueTask.FromResult(c.Text.Length < 5 ? Retry(c.State with { Draft = c.Text }) : End(c.Text)),
    };
}

/// <summary>"cancel" anywhere empties the stack.</summary>
public sealed class WordCancelInterrupt : IInterrupt
{
    public ValueTask<InterruptOutcome?> TryHandleAsync(Conversations.Turns.TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken)
    {
        if (input.Event.Text != "cancel")
        {
            return ValueTask.FromResult<InterruptOutcome?>(null);
        }

        replies.Add(new TextReply("cancelled"));
        return ValueTask.FromResult<InterruptOutcome?>(new InterruptOutcome(DialogStack.Empty));
    }
}

public sealed class KeyTexts : IDialogTexts
{
    public string Get(string locale, string key) => key;
}

/// <summary>"aside" anywhere asks for an address over whatever waits, as an interjection.</summary>
public sealed class AsideInterrupt(AddressFlow address) : IInterrupt
{
    public ValueTask<InterruptOutcome?> TryHandleAsync(Conversations.Turns.TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken)
    {
        if (input.Event.Text != "aside")
        {
            return ValueTask.FromResult<InterruptOutcome?>(null);
        }

        replies.Add(new TextReply("address?"));
        return ValueTask.FromResult<InterruptOutcome?>(new InterruptOutcome(stack.Push(address.Begin(null) with { Step = "read", Interjection = true })));
    }
}
