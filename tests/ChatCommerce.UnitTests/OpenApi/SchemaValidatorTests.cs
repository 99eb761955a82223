using System.Text.Json.Nodes;
using ChatCommerce.UnitTests.Support;

namespace ChatCommerce.UnitTests.OpenApi;

/// <summary>The validator must catch what LINE rejects, or the renderer tests that use it prove nothing.</summary>
public sealed class SchemaValidatorTests
{
    private static readonly Lazy<SchemaValidator> Validator = new(() => new SchemaValidator(OpenApiDocument.Load(SharedFiles.LineOpenApi("messaging-api.yml"))));

    private static IReadOnlyList<string> Check(string json, string schema = "Message") => Validator.Value.Validate(JsonNode.Parse(json), schema);

    [Fact]
    public void AcceptsAPlainTextMessage() => Assert.Empty(Check("""{"type":"text","text":"สวัสดีค่ะ"}"""));

    [Fact]
    public void RejectsUnknownMessageType() => Assert.NotEmpty(Check("""{"type":"txt","text":"hi"}"""));

    [Fact]
    public void RejectsMissingRequiredProperty() => Assert.Contains(Check("""{"type":"text"}"""), e => e.Contains("text: required"));

    [Fact]
    public void RejectsMisspeltProperty() => Assert.Contains(Check("""{"type":"text","txt":"hi","text":"x"}"""), e => e.Contains("txt"));

    [Fact]
    public void RejectsTooManyQuickReplies()
    {
        var items = string.Join(",", Enumerable.Range(0, 14).Select(i => $$$"""{"type":"action","action":{"type":"postback","label":"L{{{i}}}","data":"d"}}"""));
        Assert.Contains(Check($$$"""{"type":"text","text":"x","quickReply":{"items":[{{{items}}}]}}"""), e => e.Contains("at most 13"));
    }

    [Fact]
    public void RejectsWrongTypesDeepInsideFlex() =>
        Assert.NotEmpty(Check("""{"type":"flex","altText":"a","contents":{"type":"bubble","body":{"type":"box","layout":"vertical","contents":[{"type":"text","text":"x","wrap":"yes"}]}}}"""));

    [Fact]
    public void RejectsTooManyMessagesInAReply() =>
        Assert.NotEmpty(Check("""{"replyToken":"t","messages":[{"type":"text","text":"1"},{"type":"text","text":"2"},{"type":"text","text":"3"},{"type":"text","text":"4"},{"type":"text","text":"5"},{"type":"text","text":"6"}]}""", "ReplyMessageRequest"));
}
