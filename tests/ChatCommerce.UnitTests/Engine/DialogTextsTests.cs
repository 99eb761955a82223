using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.State;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs;
using ChatCommerce.Dialogs.Interrupts;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Shop;
using ChatCommerce.Domain.Understanding;
using Microsoft.Extensions.Options;

namespace ChatCommerce.UnitTests.Engine;

public sealed class DialogTextsTests
{
    private static ReplyTexts Texts(string particle = "ค่ะ") => new(Options.Create(new ShopOptions { PoliteParticle = particle }));

    [Fact]
    public void EveryThaiSentenceHasAnEnglishOneAndTheOtherWayRound() =>
        Assert.Equal(Texts().Keys("th").Order(), Texts().Keys("en").Order());

    [Fact]
    public void ThaiSentencesEndWithTheShopsParticle()
    {
        Assert.Contains("ครับ", Texts("ครับ").Get("th", "engine.offer_staff"));
        Assert.DoesNotContain("ค่ะ", Texts("ครับ").Get("th", "engine.offer_staff"));
        Assert.DoesNotContain("{p}", Texts().Get("en", "welcome.greeting"));
    }

    private static TurnInput Input(string? text, string? payload, string intent) => new(
        new InboundEvent
        {
            Channel = Channel.Line,
            EventId = "e",
            Kind = payload is null ? InboundEventKind.Message : InboundEventKind.Postback,
            RawType = "message",
            Timestamp = DateTimeOffset.UnixEpoch,
            Conversation = new ConversationKey(Channel.Line, "U1"),
            Text = text,
            Payload = payload,
            RawJson = "{}",
        },
        new ConversationState(),
        null,
        new MessageUnderstanding(intent, 0.9f, "neutral", 0.9f, []));

    [Fact]
    public async Task CancelEndsAFlowInProgressAndOffersTheMenu()
    {
        var stack = DialogStack.Empty.Push(new DialogFrame("welcome", 1, "start", "{}")).Push(new DialogFrame("order", 1, "ask", "{}"));
        var replies = new TurnReplies();
        var outcome = await new CancelInterrupt(Texts()).TryHandleAsync(Input("ยกเลิกค่ะ", null, "cancel"), stack, replies, CancellationToken.None);
        Assert.NotNull(outcome);
        Assert.Empty(outcome.Stack.Frames);
        var reply = Assert.IsType<TextReply>(Assert.Single(replies.Messages));
        Assert.Contains("ยกเลิก", reply.Text);
        Assert.NotEmpty(reply.QuickReplies);
    }

    [Fact]
    public async Task CancelWithNothingInProgressIsLeftToTheFlow()
    {
        var stack = DialogStack.Empty.Push(new DialogFrame("welcome", 1, "start", "{}"));
        Assert.Null(await new CancelInterrupt(Texts()).TryHandleAsync(Input("cancel", null, "cancel"), stack, new TurnReplies(), CancellationToken.None));
        Assert.Null(await new CancelInterrupt(Texts()).TryHandleAsync(Input("hi", null, "greeting"), stack.Push(stack.Top!), new TurnReplies(), CancellationToken.None));
    }
}
