using ChatCommerce.Conversations.State;

namespace ChatCommerce.UnitTests.Engine;

public sealed class ConversationStateTests
{
    [Fact]
    public void AWaitingRequestIsSavedWithTheStateAndLeftOutWhenThereIsNone()
    {
        var waiting = new ConversationState { Turns = 4, Waiting = new WaitingRequest("แล้วคิดเงินเลยค่ะ", 4) };
        var saved = ConversationStateRepository.Write(waiting);
        Assert.Equal(waiting.Waiting, ConversationStateRepository.Read(saved, "th").Waiting);

        var none = ConversationStateRepository.Write(new ConversationState());
        Assert.DoesNotContain("Waiting", none, StringComparison.Ordinal);
        Assert.Null(ConversationStateRepository.Read(none, "th").Waiting);
    }
}
