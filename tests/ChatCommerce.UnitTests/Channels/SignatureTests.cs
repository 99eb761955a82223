using System.Text;
using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;

namespace ChatCommerce.UnitTests.Channels;

public sealed class SignatureTests
{
    private const string LineSecret = "8c570fa6dd201bb328f1c1eac23a96d8";
    private const string LineBody = """{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}""";
    private const string LineVector = "GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=";
    private const string MessengerSecret = "test_app_secret";
    private const string MessengerBody = """{"object":"page","entry":[]}""";
    private const string MessengerVector = "sha256=5da47c9c7409e70d7a1851f0cfd9bc27786bd99587a9bf1dd5b51e23a2de03cf";

    [Fact]
    public void LineSignatureMatchesOfficialVector()
    {
        Assert.Equal(LineVector, LineSignature.Compute(LineSecret, Encoding.UTF8.GetBytes(LineBody)));
        Assert.True(LineSignature.IsValid(LineSecret, Encoding.UTF8.GetBytes(LineBody), LineVector));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("HhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=")]
    [InlineData("AAAA")]
    public void LineSignatureRejectsMissingOrWrongValue(string? signature) =>
        Assert.False(LineSignature.IsValid(LineSecret, Encoding.UTF8.GetBytes(LineBody), signature));

    [Fact]
    public void LineSignatureRejectsBodyChangedByOneByte() =>
        Assert.False(LineSignature.IsValid(LineSecret, Encoding.UTF8.GetBytes(LineBody.Replace("[]", "[ ]")), LineVector));

    [Fact]
    public void LineSignatureRejectsWhenSecretIsEmpty() =>
        Assert.False(LineSignature.IsValid("", Encoding.UTF8.GetBytes(LineBody), LineVector));

    [Fact]
    public void MessengerSignatureMatchesVector()
    {
        Assert.Equal(MessengerVector, MessengerSignature.Compute(MessengerSecret, Encoding.UTF8.GetBytes(MessengerBody)));
        Assert.True(MessengerSignature.IsValid(MessengerSecret, Encoding.UTF8.GetBytes(MessengerBody), MessengerVector));
        Assert.True(MessengerSignature.IsValid(MessengerSecret, Encoding.UTF8.GetBytes(MessengerBody), MessengerVector.ToUpperInvariant().Replace("SHA256=", "sha256=")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5da47c9c7409e70d7a1851f0cfd9bc27786bd99587a9bf1dd5b51e23a2de03cf")]
    [InlineData("sha1=5da47c9c7409e70d7a1851f0cfd9bc27786bd99587a9bf1dd5b51e23a2de03cf")]
    [InlineData("sha256=5da47c9c7409e70d7a1851f0cfd9bc27786bd99587a9bf1dd5b51e23a2de03c0")]
    [InlineData("sha256=zz")]
    public void MessengerSignatureRejectsMissingOrWrongValue(string? header) =>
        Assert.False(MessengerSignature.IsValid(MessengerSecret, Encoding.UTF8.GetBytes(MessengerBody), header));

    [Fact]
    public void MessengerSignatureIsOverEscapedBytesNotDecodedText()
    {
        // Meta sends non-ASCII escaped; the same text unescaped is a different body.
        var escaped = Encoding.UTF8.GetBytes("""{"text":"\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35"}""");
        var raw = Encoding.UTF8.GetBytes("""{"text":"สวัสดี"}""");
        var signature = MessengerSignature.Compute(MessengerSecret, escaped);
        Assert.True(MessengerSignature.IsValid(MessengerSecret, escaped, signature));
        Assert.False(MessengerSignature.IsValid(MessengerSecret, raw, signature));
    }
}
