using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Dialogs;
using ChatCommerce.Infrastructure.Demo;
using ChatCommerce.IntegrationTests.Support;

namespace ChatCommerce.IntegrationTests.Menus;

/// <summary>Publishing the menus through the owner API onto fake LINE and fake Messenger, and what their buttons do.</summary>
public sealed class MenuPublishTests : HostedTest
{
    private const string Key = "menu-test-owner-key-0123";
    private const string User = "U9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private readonly string _image = Path.Combine(Path.GetTempPath(), "cc-richmenu-" + Guid.NewGuid().ToString("N")[..8] + ".png");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ChatCommerce:Admin:ApiKey"] = Key,
        ["ChatCommerce:Menus:LineRichMenuImage"] = _image,
    };

    private async Task<JsonObject> PublishAsync()
    {
        using var owner = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var response = await owner.PostAsync("/api/v1/menus/publish", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task WithoutAPictureOnlyMessengerIsPublishedAndLineSaysWhatIsMissing()
    {
        var result = await PublishAsync();
        Assert.Contains("ChatCommerce:Menus:LineRichMenuImage", (string?)result["line"]);
        Assert.Equal("published", (string?)result["messenger"]);
        var profile = Fakes.Messenger.Profile!;
        Assert.Equal("menu:start", (string?)profile["get_started"]!["payload"]);
        Assert.Equal(6, profile["persistent_menu"]![0]!["call_to_actions"]!.AsArray().Count);
        Assert.Empty(Fakes.Line.RichMenus.Menus);
    }

    [Fact]
    public async Task TheRichMenuBecomesTheDefaultAndRepublishingReplacesIt()
    {
        await File.WriteAllBytesAsync(_image, ProductImage.Png("richmenu", 2500, 843));
        var first = await PublishAsync();
        Assert.StartsWith("published richmenu-", (string?)first["line"]);
        var id = Fakes.Line.RichMenus.DefaultId!;
        Assert.Equal("published " + id, (string?)first["line"]);
        Assert.Equal("image/png", Fakes.Line.RichMenus.ImageOf(id)!.Value.ContentType);
        Assert.Equal("เมนู", (string?)Fakes.Line.RichMenus.Menus[id]["chatBarText"]);

        var second = await PublishAsync();
        var replacement = Fakes.Line.RichMenus.DefaultId!;
        Assert.NotEqual(id, replacement);
        Assert.Equal([replacement], Fakes.Line.RichMenus.Menus.Keys);
        Assert.Equal("published " + replacement, (string?)second["line"]);
    }

    [Fact]
    public async Task APictureOfTheWrongSizeIsRefusedAndTheOldMenuStays()
    {
        await File.WriteAllBytesAsync(_image, ProductImage.Png("richmenu", 1200, 405));
        var result = await PublishAsync();
        Assert.StartsWith("failed:", (string?)result["line"]);
        Assert.Contains("size", (string?)result["line"]);
        Assert.Null(Fakes.Line.RichMenus.DefaultId);
    }

    [Fact]
    public async Task EveryMenuButtonGetsItsOwnAnswer()
    {
        Fakes.Line.AddUser(User, "Ploy", "th");
        var expected = new Dictionary<string, string>
        {
            ["menu:products"] = "สินค้าแนะนำ|ดูสินค้า",
            ["menu:categories"] = "หมวด",
            ["basket:view"] = "ตะกร้ายังว่างอยู่",
            ["orders:list"] = "ยังไม่มีคำสั่งซื้อ",
            ["menu:help"] = "ช่วยได้ดังนี้",
            ["menu:start"] = "สวัสดีค่ะ",
            ["staff:request"] = "ส่งต่อให้พนักงานแล้ว",
        };
        Assert.Equal(expected.Keys.Order(), ChannelMenus.Payloads().Order());
        var count = 0;
        foreach (var (payload, pattern) in expected)
        {
            await Fakes.Line.DeliverAsync(Fakes.Line.PostbackEvent(User, payload));
            var sent = await Eventually.ValueAsync(() => Fakes.Line.SentTo(User), s => s.Count == count + 1);
            var text = sent[count].Messages.ToJsonString();
            Assert.Matches(pattern, System.Text.RegularExpressions.Regex.Unescape(text));
            count++;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_image);
    }
}
