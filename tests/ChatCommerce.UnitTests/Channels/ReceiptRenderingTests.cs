using System.Text.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Domain.Replies;
using ChatCommerce.FakePlatforms.Line;
using ChatCommerce.UnitTests.OpenApi;
using ChatCommerce.UnitTests.Support;

namespace ChatCommerce.UnitTests.Channels;

/// <summary>Receipts and link buttons on both platforms, within every limit, however long the order.</summary>
public sealed class ReceiptRenderingTests
{
    private static readonly Lazy<SchemaValidator> Spec = new(() => new SchemaValidator(OpenApiDocument.Load(SharedFiles.LineOpenApi("messaging-api.yml"))));

    private static ReceiptReply Receipt(int lines) => new(
        "ใบเสร็จคำสั่งซื้อ CC000123 ยอด ฿1,000",
        "ใบเสร็จรับเงิน",
        "CC000123",
        "คุณพลอย ใจดี",
        "พร้อมเพย์",
        DateTimeOffset.FromUnixTimeSeconds(1_790_000_000),
        "ชำระเมื่อ 1 ธ.ค. 2569 14:30 น.",
        [.. Enumerable.Range(1, lines).Select(i => new ReceiptLine($"สินค้าที่มีชื่อยาวพอสมควรหมายเลข {i} (XL)", i % 3 + 1, 12_550))],
        [new("ค่าสินค้า", 100_000, ReceiptAmountKind.Subtotal), new("ค่าส่ง", 4_000, ReceiptAmountKind.Shipping), new("ค่าธรรมเนียม", 3_000, ReceiptAmountKind.Fee)],
        new("ยอดชำระ", 107_000, ReceiptAmountKind.Total),
        "ขอบคุณที่อุดหนุน");

    private static void ValidLine(JsonObject message)
    {
        Assert.Empty(Spec.Value.Validate(message, "Message"));
        Assert.Empty(LineMessageRules.Check(new JsonArray(message.DeepClone())));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(400)]
    public void OnLineAReceiptIsOneFlexBubbleUnder30KilobytesWithEveryLineAccountedFor(int lines)
    {
        var message = Assert.Single(RenderedLine.Of([Receipt(lines)]));
        ValidLine(message);
        Assert.Equal("flex", (string?)message["type"]);
        var bubble = message["contents"]!.AsObject();
        Assert.Equal("bubble", (string?)bubble["type"]);
        Assert.InRange(JsonSerializer.SerializeToUtf8Bytes(bubble).Length, 1, LineLimits.FlexBubbleBytes);
        var text = bubble.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("CC000123", text);
        Assert.Contains("฿1,070", text);
        if (lines == 400)
        {
            Assert.Contains("… +", text); // the rows that did not fit, summed into one
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(150)]
    public void OnMessengerAReceiptIsTheReceiptTemplateWithAtMost100Elements(int lines)
    {
        var message = Assert.Single(RenderedMessenger.Of([Receipt(lines)]));
        var payload = message["attachment"]!["payload"]!.AsObject();
        Assert.Equal("receipt", (string?)payload["template_type"]);
        Assert.Equal("CC000123", (string?)payload["order_number"]);
        Assert.Equal("THB", (string?)payload["currency"]);
        Assert.Equal("คุณพลอย ใจดี", (string?)payload["recipient_name"]);
        Assert.Equal("พร้อมเพย์", (string?)payload["payment_method"]);
        Assert.Equal("1790000000", (string?)payload["timestamp"]);
        Assert.Equal(1070m, (decimal)payload["summary"]!["total_cost"]!);
        Assert.Equal(70m, (decimal)payload["summary"]!["shipping_cost"]!); // shipping and the fee
        var elements = payload["elements"]!.AsArray();
        Assert.InRange(elements.Count, 1, MessengerLimits.ReceiptElements);
        Assert.Equal(Receipt(lines).Lines.Sum(l => l.AmountSatang) / 100m, elements.Sum(e => (decimal)e!["price"]!));
    }

    [Fact]
    public void APaymentLinkIsAUriButtonOnLineAndAWebUrlButtonOnMessenger()
    {
        var reply = new ButtonsReply("ชำระ ฿280 ด้วยบัตรหรือพร้อมเพย์ผ่านหน้าชำระเงินที่ปลอดภัย ภายใน 1 ธ.ค. 2569 14:30 น.ค่ะ", [new ReplyAction("ชำระเงิน", "", Url: "https://checkout.stripe.com/c/pay/cs_test_1")]);
        var line = Assert.Single(RenderedLine.Of([reply]));
        ValidLine(line);
        var action = line["template"]!["actions"]![0]!;
        Assert.Equal("uri", (string?)action["type"]);
        Assert.Equal("https://checkout.stripe.com/c/pay/cs_test_1", (string?)action["uri"]);

        var messenger = Assert.Single(RenderedMessenger.Of([reply]));
        var button = messenger["attachment"]!["payload"]!["buttons"]![0]!;
        Assert.Equal("web_url", (string?)button["type"]);
        Assert.Equal("https://checkout.stripe.com/c/pay/cs_test_1", (string?)button["url"]);
    }

    [Theory]
    [InlineData("https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1", true)]
    [InlineData("https://scontent.xx.fbcdn.net/v/t1.15752-9/1.jpg", true)]
    [InlineData("http://scontent.xx.fbcdn.net/v/1.jpg", false)]
    [InlineData("https://fbcdn.net.evil.example/1.jpg", false)]
    [InlineData("https://169.254.169.254/latest/meta-data", false)]
    [InlineData("http://127.0.0.1:5000/graph/_media/1", true)]
    [InlineData("http://127.0.0.1:5001/graph/_media/1", false)]
    public void MessengerAttachmentsAreFetchedOnlyFromMetasHosts(string url, bool allowed) =>
        Assert.Equal(allowed, MessengerChannelMedia.IsAllowed(new Uri(url), ["fbcdn.net", "fbsbx.com", "http://127.0.0.1:5000"]));
}
