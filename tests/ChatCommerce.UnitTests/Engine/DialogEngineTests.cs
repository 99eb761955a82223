using System.Text.Json;
using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatCommerce.UnitTests.Engine;

public sealed class DialogEngineTests
{
    private DialogStack _stack = DialogStack.Empty;

    private static DialogEngine Engine(OrderFlow? order = null) =>
        new([new RootFlow(), order ?? new OrderFlow(), new AddressFlow()], [new WordCancelInterrupt()], new KeyTexts(), "root", NullLogger<DialogEngine>.Instance);

    private async Task<IReadOnlyList<string>> SayAsync(string text, DialogEngine? engine = null)
    {
        var input = Support.TestTurns.Input(text, stack: _stack);
        var outcome = await (engine ?? Engine()).RunAsync(input, _stack, CancellationToken.None);

        // Through JSON each turn, as the state store does.
        var saved = JsonSerializer.Serialize(new ConversationState { Dialog = outcome.Stack }, ConversationJson.Default.ConversationState);
        _stack = JsonSerializer.Deserialize(saved, ConversationJson.Default.ConversationState)!.Dialog;
        return outcome.Replies.Select(r => r switch
        {
            TextReply t => t.Text,
            ConfirmReply c => c.Text,
            _ => r.GetType().Name,
        }).ToList();
    }

    [Fact]
    public async Task AFullOrderGoesThroughAChildFlowAndBack()
    {
        Assert.Equal(["menu"], await SayAsync("hi"));
        Assert.Equal(["how many?"], await SayAsync("order"));
        Assert.Equal(["address?"], await SayAsync("2"));
        Assert.Equal(["order", "address"], _stack.Frames.Select(f => f.Flow).Skip(1));
        Assert.Equal(["2 to 99 Sukhumvit Rd?"], await SayAsync("99 Sukhumvit Rd"));
        Assert.Equal(["done: ordered"], await SayAsync("yes"));
        Assert.Equal("root", Assert.Single(_stack.Frames).Flow);
        Assert.Contains("\"Orders\":1", _stack.Frames[0].State);
    }

    [Fact]
    public async Task ABadAnswerIsAskedAgainAndTheThirdOffersStaff()
    {
        await SayAsync("order");
        Assert.Equal(["please send a number from 1 to 99"], await SayAsync("lots"));
        Assert.Equal(1, _stack.Top!.Attempts);
        await SayAsync("many");
        var third = await SayAsync("???");
        Assert.Equal(["please send a number from 1 to 99", "engine.offer_staff"], third);
        Assert.Equal(["address?"], await SayAsync("3"));
    }

    [Fact]
    public async Task AnInterjectionEndsAndTheFlowBelowGoesOnWaitingAtItsQuestion()
    {
        var engine = new DialogEngine([new RootFlow(), new OrderFlow(), new AddressFlow()], [new AsideInterrupt(new AddressFlow())], new KeyTexts(), "root", NullLogger<DialogEngine>.Instance);
        await SayAsync("order", engine);
        Assert.Equal(["address?"], await SayAsync("aside", engine));
        Assert.True(_stack.Top!.Interjection);

        // The interjection's answer ends it; the order is not run with that answer as its quantity.
        Assert.Empty(await SayAsync("12 Silom Rd", engine));
        Assert.Equal("order", _stack.Top!.Flow);
        Assert.False(_stack.Top.Interjection);
        Assert.Equal(["address?"], await SayAsync("2", engine));
    }

    [Fact]
    public async Task InterruptsWinOverTheCurrentStep()
    {
        await SayAsync("order");
        Assert.Equal(["cancelled"], await SayAsync("cancel"));
        Assert.Empty(_stack.Frames);
        Assert.Equal(["menu"], await SayAsync("hello again"));
    }

    [Fact]
    public async Task ACompatibleNewVersionResumesInFlight()
    {
        await SayAsync("order");
        Assert.Equal(["address?"], await SayAsync("4", Engine(new OrderFlow(version: 2, resumableFrom: 1))));
    }

    [Fact]
    public async Task AnIncompatibleNewVersionRestartsPolitelyAndStillAnswers()
    {
        await SayAsync("order");
        var replies = await SayAsync("4", Engine(new OrderFlow(version: 2, resumableFrom: 2)));
        Assert.Equal(["engine.flow_updated", "menu"], replies);
        Assert.Equal("root", Assert.Single(_stack.Frames).Flow);
    }

    [Fact]
    public async Task AStoredStepThatNoLongerExistsRestartsPolitely()
    {
        _stack = DialogStack.Empty.Push(new RootFlow().Begin(null)).Push(new DialogFrame("order", 1, "step_removed_in_a_deploy", "{}"));
        Assert.Equal(["engine.flow_updated"], await SayAsync("2"));
        Assert.Equal("root", Assert.Single(_stack.Frames).Flow);
    }

    [Fact]
    public async Task AFlowThatNeverWaitsIsStoppedNotLooped()
    {
        var looping = new DialogEngine([new LoopFlow()], [], new KeyTexts(), "loop", NullLogger<DialogEngine>.Instance);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await SayAsync("x", looping));
    }

    private sealed class LoopFlow : Flow<RootState>
    {
        public override string Id => "loop";

        protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<RootState> StateJson => SampleJson.Default.RootState;

        protected override string FirstStep => "a";

        protected override RootState Start(string? arguments) => new(0);

        protected override IReadOnlyDictionary<string, Func<StepContext<RootState>, ValueTask<StepResult<RootState>>>> DefineSteps() =>
            new Dictionary<string, Func<StepContext<RootState>, ValueTask<StepResult<RootState>>>> { ["a"] = c => ValueTask.FromResult(Goto("a", c.State)) };
    }
}
