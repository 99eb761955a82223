using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Orders;

/// <summary>In the embedded default a restart keeps what the shopper was doing: the basket and the question in progress.</summary>
public sealed class RestartTests
{
    private const string User = "U5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b";

    [Fact]
    public async Task TheBasketAndTheCheckoutQuestionSurviveARestart()
    {
        var file = Path.Combine(Path.GetTempPath(), "cc-restart-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = $"Data Source={file}" };
        await using var fakes = await FakePlatformServer.StartAsync();
        fakes.Line.AddUser(User, "Ploy", "th");

        await using (var first = await TestHost.StartAsync(fakes, settings))
        {
            await fakes.Line.DeliverAsync(fakes.Line.TextEvent(User, "cf sn1 2"));
            await Eventually.ValueAsync(() => fakes.Line.SentTo(User), s => s.Count == 1);
            await fakes.Line.DeliverAsync(fakes.Line.PostbackEvent(User, "checkout:start"));
            var sent = await Eventually.ValueAsync(() => fakes.Line.SentTo(User), s => s.Count == 2);
            Assert.Contains("ขอชื่อผู้รับ", sent[1].Messages.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }

        await using var second = await TestHost.StartAsync(fakes, settings);
        await fakes.Line.DeliverAsync(fakes.Line.TextEvent(User, "สมศรี ใจงาม"));
        var after = await Eventually.ValueAsync(() => fakes.Line.SentTo(User), s => s.Count == 3);
        Assert.Contains("ขอเบอร์โทรศัพท์", (string)after[2].Messages[0]!["text"]!);
        await fakes.Line.DeliverAsync(fakes.Line.PostbackEvent(User, "flow:cancel"));
        await fakes.Line.DeliverAsync(fakes.Line.PostbackEvent(User, "basket:view"));
        var basket = await Eventually.ValueAsync(() => fakes.Line.SentTo(User), s => s.Count == 5);
        Assert.Contains("มะม่วงอบแห้ง × 2", (string)basket[4].Messages[0]!["text"]!);
    }
}
