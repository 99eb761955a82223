using ChatCommerce.Dialogs;
using ChatCommerce.FakePlatforms.Line;
using ChatCommerce.UnitTests.OpenApi;
using ChatCommerce.UnitTests.Support;

namespace ChatCommerce.UnitTests.Engine;

public sealed class ChannelMenuTests
{
    private static readonly Lazy<SchemaValidator> Spec = new(() => new SchemaValidator(OpenApiDocument.Load(SharedFiles.LineOpenApi("messaging-api.yml"))));

    [Fact]
    public void TheLineRichMenuIsAValidRichMenuRequestWithinLineLimits()
    {
        var menu = ChannelMenus.LineRichMenu();
        Assert.Empty(Spec.Value.Validate(menu, "RichMenuRequest"));
        Assert.Empty(FakeRichMenus.Check(menu));
        var areas = menu["areas"]!.AsArray();
        var width = (int)menu["size"]!["width"]!;
        var height = (int)menu["size"]!["height"]!;
        Assert.Equal(width * height, areas.Sum(a => (int)a!["bounds"]!["width"]! * (int)a["bounds"]!["height"]!));
    }

    [Fact]
    public void TheRulesCatchABrokenRichMenu()
    {
        var menu = ChannelMenus.LineRichMenu();
        menu["chatBarText"] = "เมนูหลักของร้านค้าออนไลน์";
        menu["areas"]![0]!["bounds"]!["x"] = 2400;
        var errors = FakeRichMenus.Check(menu).Select(e => e.Property).ToList();
        Assert.Contains("chatBarText", errors);
        Assert.Contains("areas[0].bounds", errors);
    }

    [Fact]
    public void BothMenusOfferTheSameButtons()
    {
        var line = ChannelMenus.LineRichMenu()["areas"]!.AsArray().Select(a => (string)a!["action"]!["data"]!).ToList();
        foreach (var locale in ChannelMenus.MessengerProfile()["persistent_menu"]!.AsArray())
        {
            Assert.Equal(line, locale!["call_to_actions"]!.AsArray().Select(a => (string)a!["payload"]!));
        }

        Assert.Contains("staff:request", ChannelMenus.Payloads());
        Assert.Contains("menu:start", ChannelMenus.Payloads());
    }
}
