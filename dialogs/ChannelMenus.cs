using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatCommerce.Dialogs;

/// <summary>
/// The always-visible menus, kept as data in <c>menus/</c>: LINE's rich menu
/// (<c>line-rich-menu.json</c>, a RichMenuRequest) and Messenger's Get Started button and
/// persistent menu (<c>messenger-profile.json</c>). Their buttons send the same postbacks as the
/// bot's quick replies.
/// </summary>
public static class ChannelMenus
{
    public static JsonObject LineRichMenu() => Load("line-rich-menu");

    public static JsonObject MessengerProfile() => Load("messenger-profile");

    /// <summary>Every postback the two menus can send.</summary>
    public static IReadOnlyList<string> Payloads()
    {
        var line = LineRichMenu()["areas"]!.AsArray().Select(a => (string)a!["action"]!["data"]!);
        var profile = MessengerProfile();
        var messenger = profile["persistent_menu"]!.AsArray().SelectMany(m => m!["call_to_actions"]!.AsArray()).Select(a => (string)a!["payload"]!);
        return [.. line.Concat(messenger).Append((string)profile["get_started"]!["payload"]!).Distinct()];
    }

    private static JsonObject Load(string name)
    {
        using var stream = typeof(ChannelMenus).Assembly.GetManifestResourceStream($"menus.{name}.json")
            ?? throw new InvalidOperationException($"Menu '{name}' is not embedded.");
        return JsonSerializer.Deserialize<JsonObject>(stream) ?? throw new InvalidOperationException($"Menu '{name}' is empty.");
    }
}
