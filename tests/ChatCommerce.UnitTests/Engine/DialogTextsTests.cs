using ChatCommerce.Conversations.Engine;
using ChatCommerce.Dialogs;
using ChatCommerce.Dialogs.Interrupts;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Shop;
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

    [Fact]
    public async Task CancelEndsAFlowInProgressAndOffersTheMenu()
    {
        var stack = DialogStack.Empty.Push(new DialogFrame("welcome", 1, "start", "{}")).Push(new DialogFrame("order", 1, "ask", "{}"));
        var replies = new TurnReplies();
        var outcome = await new CancelInterrupt(Texts()).TryHandleAsync(Support.TestTurns.Input("ยกเลิกค่ะ", intent: "cancel"), stack, replies, CancellationToken.None);
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
        Assert.Null(await new CancelInterrupt(Texts()).TryHandleAsync(Support.TestTurns.Input("cancel", intent: "cancel"), stack, new TurnReplies(), CancellationToken.None));
        Assert.Null(await new CancelInterrupt(Texts()).TryHandleAsync(Support.TestTurns.Input("hi", intent: "greeting"), stack.Push(stack.Top!), new TurnReplies(), CancellationToken.None));
    }
}
