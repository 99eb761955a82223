using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Text;
using ChatCommerce.Domain.Understanding;
using ChatCommerce.UnitTests.Support;

namespace ChatCommerce.UnitTests.Engine;

public sealed class PromptsTests
{
    private static StepContext<string> Context(TurnInput input) => new(input, "state", new TurnReplies(), 0, null, true, CancellationToken.None);

    private static StepContext<string> Text(string text) => Context(TestTurns.Input(text));

    private static StepContext<string> Button(string payload) => Context(TestTurns.Input(null, payload));

    [Theory]
    [InlineData("2", 2)]
    [InlineData("๑๒", 12)]
    [InlineData(" 7 ", 7)]
    [InlineData("0", null)]
    [InlineData("100", null)]
    [InlineData("สอง", null)]
    [InlineData("lots", null)]
    public void NumbersWithinRange(string text, int? expected) => Assert.Equal(expected, Prompts.Number(Text(text), 1, 99));

    [Fact]
    public void NumberWordsComeFromTheUnderstanding()
    {
        var input = TestTurns.Input("สองตัวค่ะ") with { Understanding = new MessageUnderstanding("add_to_cart", 0.9f, "neutral", 0.9f, [new UnderstoodEntity("quantity", "2", "สอง")]) };
        Assert.Equal(2, Prompts.Number(Context(input), 1, 99));
    }

    [Fact]
    public void ChoiceByButtonLabelOrNumber()
    {
        ReplyAction[] options = [new("ส่งธรรมดา", "ship:standard"), new("ส่งด่วน", "ship:express")];
        Assert.Equal("ship:express", Prompts.Choice(Button("ship:express"), options));
        Assert.Equal("ship:standard", Prompts.Choice(Text("ส่งธรรมดา"), options));
        Assert.Equal("ship:express", Prompts.Choice(Text("2"), options));
        Assert.Null(Prompts.Choice(Button("ship:teleport"), options));
        Assert.Null(Prompts.Choice(Text("3"), options));
    }

    [Theory]
    [InlineData("ใช่ค่ะ", true)]
    [InlineData("ตกลงครับ", true)]
    [InlineData("Yes!", true)]
    [InlineData("ไม่ค่ะ", false)]
    [InlineData("no", false)]
    [InlineData("อาจจะ", null)]
    public void ConfirmInThaiAndEnglish(string text, bool? expected) => Assert.Equal(expected, Prompts.Confirm(Text(text), "y", "n"));

    [Fact]
    public void ConfirmByButton()
    {
        Assert.True(Prompts.Confirm(Button("order:yes"), "order:yes", "order:no"));
        Assert.False(Prompts.Confirm(Button("order:no"), "order:yes", "order:no"));
    }

    [Theory]
    [InlineData("081-234-5678", "0812345678")]
    [InlineData("๐๘๑๒๓๔๕๖๗๘", "0812345678")]
    [InlineData("+66 81 234 5678", "0812345678")]
    [InlineData("02 123 4567", "021234567")]
    [InlineData("12345", null)]
    [InlineData("0112345678", null)]
    public void ThaiPhoneNumbers(string text, string? expected) => Assert.Equal(expected, Prompts.Phone(Text(text)));

    [Fact]
    public void AddressesNeedAValidThaiPostcode()
    {
        Assert.Equal("10110", Prompts.Address(Text("99/1 ถ.สุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพฯ 10110"))!.Value.Postcode);
        Assert.Equal("50200", Prompts.Address(Text("12 Nimman Rd, Chiang Mai ๕๐๒๐๐"))!.Value.Postcode);
        Assert.Null(Prompts.Address(Text("บ้านเลขที่ 5 ไม่มีรหัส")));
        Assert.Null(Prompts.Address(Text("99 ถนนสายหนึ่ง 00123 ที่ไหนสักแห่ง")));
        Assert.True(ThaiNumbers.IsPostcode("96000"));
        Assert.False(ThaiNumbers.IsPostcode("97000"));
    }

    [Fact]
    public void LocationsAndPhotosComeFromTheMessageType()
    {
        var location = TestTurns.Input(null);
        location = location with { Event = location.Event with { ContentType = MessageContentType.Location, Location = new InboundLocation("บ้าน", null, 13.7, 100.5) } };
        Assert.Equal(13.7, Prompts.Location(Context(location))!.Latitude);

        var photo = TestTurns.Input(null);
        photo = photo with { Event = photo.Event with { ContentType = MessageContentType.Image, MessageId = "slip-1" } };
        Assert.Equal("slip-1", Prompts.Image(Context(photo)));
        Assert.Null(Prompts.Image(Text("here is my slip")));
    }
}
