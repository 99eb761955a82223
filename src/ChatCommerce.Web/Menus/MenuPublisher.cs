using ChatCommerce.Channels.Common;
using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Dialogs;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Web.Menus;

/// <summary>Configuration section <c>ChatCommerce:Menus</c>.</summary>
public sealed class MenuOptions
{
    public const string Section = "ChatCommerce:Menus";

    /// <summary>The rich menu picture (PNG or JPEG, the menu's size: 2500×843, at most 1 MB), drawn by the shop with its labels.</summary>
    public string LineRichMenuImage { get; set; } = "";
}

/// <summary>What publishing did on each platform.</summary>
public sealed record MenuPublishResult(string Line, string Messenger);

/// <summary>
/// Puts the menus of <see cref="ChannelMenus"/> on the platforms: LINE's rich menu is validated,
/// created, given its picture and made the default (older menus of the same name are deleted
/// after the switch, so shoppers never see none); Messenger gets its profile.
/// </summary>
public sealed class MenuPublisher(LineApiClient line, MessengerApiClient messenger, IOptionsMonitor<LineOptions> lineOptions, IOptionsMonitor<MessengerOptions> messengerOptions, IOptions<MenuOptions> options, ILogger<MenuPublisher> logger)
{
    public const int MaxImageBytes = 1024 * 1024;

    public async Task<MenuPublishResult> PublishAsync(CancellationToken cancellationToken) =>
        new(await PublishLineAsync(cancellationToken), await PublishMessengerAsync(cancellationToken));

    private async Task<string> PublishLineAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(lineOptions.CurrentValue.ChannelAccessToken))
        {
            return "skipped: LINE is not configured";
        }

        var path = options.Value.LineRichMenuImage;
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            return $"skipped: set {MenuOptions.Section}:LineRichMenuImage to the menu's picture (PNG or JPEG, 2500×843, at most 1 MB)";
        }

        var image = await File.ReadAllBytesAsync(path, cancellationToken);
        var contentType = image.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ? "image/png" : image.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]) ? "image/jpeg" : null;
        if (contentType is null || image.Length > MaxImageBytes)
        {
            return "failed: the rich menu picture must be a PNG or JPEG of at most 1 MB";
        }

        var menu = ChannelMenus.LineRichMenu();
        var name = (string)menu["name"]!;
        try
        {
            await line.ValidateRichMenuAsync(menu, cancellationToken);
            var older = (await line.ListRichMenusAsync(cancellationToken)).Where(m => m.Name == name).Select(m => m.Id).ToList();
            var id = await line.CreateRichMenuAsync(menu, cancellationToken);
            await line.UploadRichMenuImageAsync(id, image, contentType, cancellationToken);
            await line.SetDefaultRichMenuAsync(id, cancellationToken);
            foreach (var old in older)
            {
                await line.DeleteRichMenuAsync(old, cancellationToken);
            }

            logger.LogInformation("LINE rich menu {RichMenuId} is the default; {Older} older one(s) deleted", id, older.Count);
            return "published " + id;
        }
        catch (PlatformApiException e)
        {
            logger.LogWarning(e, "Publishing the LINE rich menu failed");
            return "failed: " + e.Message;
        }
    }

    private async Task<string> PublishMessengerAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(messengerOptions.CurrentValue.PageAccessToken))
        {
            return "skipped: Messenger is not configured";
        }

        var result = await messenger.SetProfileAsync(ChannelMenus.MessengerProfile(), cancellationToken);
        return result.Succeeded ? "published" : $"failed: {result.Error?.Message ?? "HTTP " + result.HttpStatus}";
    }
}
