using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.State;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Understanding;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatCommerce.Benchmarks;

/// <summary>One engine turn of a three-step waterfall, state through JSON, against a hand-written baseline.</summary>
[MemoryDiagnoser]
public class EngineTurnBenchmarks
{
    private static readonly string[] Inputs = ["start", "Somjai", "0812345678", "yes"];
    private readonly DialogEngine _engine = new([new WaterfallFlow()], [], new Texts(), "waterfall", NullLogger<DialogEngine>.Instance);
    private TurnInput[] _turns = [];

    [GlobalSetup]
    public void Setup() => _turns = Inputs.Select(text => new TurnInput(
        new InboundEvent
        {
            Channel = Channel.Line,
            EventId = "e",
            Kind = InboundEventKind.Message,
            RawType = "message",
            Timestamp = DateTimeOffset.UnixEpoch,
            Conversation = new ConversationKey(Channel.Line, "U1"),
            Text = text,
            RawJson = "{}",
        },
        new ConversationState(),
        null,
        MessageUnderstanding.None)).ToArray();

    /// <summary>Four turns (greeting, name, phone, confirm) through the engine; reported per turn by dividing by 4.</summary>
    [Benchmark(OperationsPerInvoke = 4)]
    public async Task<int> EngineTurn()
    {
        var saved = JsonSerializer.Serialize(new ConversationState(), ConversationJson.Default.ConversationState);
        var replies = 0;
        foreach (var turn in _turns)
        {
            var state = JsonSerializer.Deserialize(saved, ConversationJson.Default.ConversationState)!;
            var outcome = await _engine.RunAsync(turn, state.Dialog, CancellationToken.None);
            saved = JsonSerializer.Serialize(state with { Dialog = outcome.Stack }, ConversationJson.Default.ConversationState);
            replies += outcome.Replies.Count;
        }

        return replies;
    }

    /// <summary>The same conversation as a switch over a dictionary, also through JSON.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 4)]
    public int HandWrittenSwitch()
    {
        var saved = "{}";
        var replies = 0;
        foreach (var text in Inputs)
        {
            var state = JsonSerializer.Deserialize(saved, BenchJson.Default.DictionaryStringString)!;
            var step = state.GetValueOrDefault("step", "ask_name");
            (state["step"], replies) = step switch
            {
                "ask_name" => ("read_name", replies + 1),
                "read_name" => ("read_phone", replies + 1),
                "read_phone" => ("read_confirm", replies + 1),
                _ => ("ask_name", replies + 1),
            };
            state[step] = text;
            saved = JsonSerializer.Serialize(state, BenchJson.Default.DictionaryStringString);
        }

        return replies;
    }

    private sealed class Texts : IDialogTexts
    {
        public string Get(string locale, string key) => key;
    }
}

public sealed record WaterfallState(string? Name, string? Phone);

[JsonSerializable(typeof(WaterfallState))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class BenchJson : JsonSerializerContext;

public sealed class WaterfallFlow : Flow<WaterfallState>
{
    public override string Id => "waterfall";

    protected override JsonTypeInfo<WaterfallState> StateJson => BenchJson.Default.WaterfallState;

    protected override string FirstStep => "ask_name";

    protected override WaterfallState Start(string? arguments) => new(null, null);

    protected override IReadOnlyDictionary<string, Func<StepContext<WaterfallState>, ValueTask<StepResult<WaterfallState>>>> DefineSteps() =>
        new Dictionary<string, Func<StepContext<WaterfallState>, ValueTask<StepResult<WaterfallState>>>>
        {
            ["ask_name"] = c =>
            {
                c.Say(new TextReply("What name should the parcel go to?"));
                return ValueTask.FromResult(Wait("read_name", c.State));
            },
            ["read_name"] = c =>
            {
                c.Say(new TextReply("And a phone number?"));
                return ValueTask.FromResult(Wait("read_phone", c.State with { Name = c.Text }));
            },
            ["read_phone"] = c =>
            {
                c.Say(new ConfirmReply($"{c.State.Name}, {c.Text}: correct?", new ReplyAction("Yes", "yes"), new ReplyAction("No", "no")));
                return ValueTask.FromResult(Wait("read_confirm", c.State with { Phone = c.Text }));
            },
            ["read_confirm"] = c =>
            {
                c.Say(new TextReply("Thank you!"));
                return ValueTask.FromResult(End("done"));
            },
        };
}
