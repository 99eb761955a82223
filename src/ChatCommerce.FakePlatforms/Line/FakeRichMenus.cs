using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace ChatCommerce.FakePlatforms.Line;

/// <summary>The fake channel's rich menus: definitions, pictures and the default, with LINE's rules.</summary>
public sealed class FakeRichMenus
{
    private static readonly HashSet<string> ActionTypes = ["postback", "message", "uri", "datetimepicker", "richmenuswitch", "camera", "cameraRoll", "location", "clipboard"];
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (JsonObject Menu, byte[]? Image, string? ContentType)> _menus = [];

    public string? DefaultId { get; private set; }

    public IReadOnlyDictionary<string, JsonObject> Menus
    {
        get
        {
            lock (_gate)
            {
                return _menus.ToDictionary(m => m.Key, m => m.Value.Menu);
            }
        }
    }

    public (byte[] Image, string ContentType)? ImageOf(string id)
    {
        lock (_gate)
        {
            return _menus.TryGetValue(id, out var m) && m.Image is not null ? (m.Image, m.ContentType!) : null;
        }
    }

    /// <summary>LINE's checks of a RichMenuRequest (size, chat bar text, areas inside the picture, actions).</summary>
    public static List<(string Property, string Message)> Check(JsonObject menu)
    {
        var errors = new List<(string, string)>();
        var width = (int?)menu["size"]?["width"] ?? 0;
        var height = (int?)menu["size"]?["height"] ?? 0;
        if (width is < 800 or > 2500 || height < 250 || (double)width / height < 1.45)
        {
            errors.Add(("size", "must be 800–2500 wide, at least 250 high, with width/height ≥ 1.45"));
        }

        if (menu["selected"] is not JsonValue selected || !selected.TryGetValue<bool>(out _))
        {
            errors.Add(("selected", "must be specified"));
        }

        if ((string?)menu["name"] is not { Length: > 0 and <= 300 })
        {
            errors.Add(("name", "must be 1–300 characters"));
        }

        if ((string?)menu["chatBarText"] is not { Length: > 0 and <= 14 })
        {
            errors.Add(("chatBarText", "must be 1–14 characters"));
        }

        var areas = menu["areas"] as JsonArray;
        if (areas is null || areas.Count is 0 or > 20)
        {
            errors.Add(("areas", "must have 1–20 areas"));
            return errors;
        }

        for (var i = 0; i < areas.Count; i++)
        {
            var bounds = areas[i]?["bounds"];
            int x = (int?)bounds?["x"] ?? -1, y = (int?)bounds?["y"] ?? -1, w = (int?)bounds?["width"] ?? 0, h = (int?)bounds?["height"] ?? 0;
            if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height)
            {
                errors.Add(($"areas[{i}].bounds", "must lie inside the rich menu"));
            }

            var action = areas[i]?["action"];
            var type = (string?)action?["type"];
            if (type is null || !ActionTypes.Contains(type))
            {
                errors.Add(($"areas[{i}].action.type", "unknown action type"));
            }
            else if (type == "postback" && (string?)action!["data"] is not { Length: > 0 and <= 300 })
            {
                errors.Add(($"areas[{i}].action.data", "must be 1–300 characters"));
            }

            if ((string?)action?["label"] is { Length: > 20 })
            {
                errors.Add(($"areas[{i}].action.label", "must be at most 20 characters"));
            }

            if ((string?)action?["displayText"] is { Length: > 300 })
            {
                errors.Add(($"areas[{i}].action.displayText", "must be at most 300 characters"));
            }
        }

        return errors;
    }

    public string Create(JsonObject menu)
    {
        var id = "richmenu-" + Guid.NewGuid().ToString("N");
        lock (_gate)
        {
            _menus[id] = ((JsonObject)menu.DeepClone(), null, null);
        }

        return id;
    }

    /// <summary>Null when accepted, else LINE's error.</summary>
    public (int Status, string Message)? Upload(string id, byte[] image, string? contentType)
    {
        lock (_gate)
        {
            if (!_menus.TryGetValue(id, out var menu))
            {
                return (404, "Not found");
            }

            if (menu.Image is not null)
            {
                return (400, "An image has already been uploaded to the richmenu");
            }

            if (contentType is not ("image/png" or "image/jpeg") || image.Length is 0 or > 1024 * 1024)
            {
                return (400, "The image must be a PNG or JPEG of at most 1 MB");
            }

            if (contentType == "image/png" && PngSize(image) is var (w, h) && (w != (int)menu.Menu["size"]!["width"]! || h != (int)menu.Menu["size"]!["height"]!))
            {
                return (400, "Image size does not match the rich menu size");
            }

            _menus[id] = menu with { Image = image, ContentType = contentType };
            return null;
        }
    }

    public (int Status, string Message)? SetDefault(string id)
    {
        lock (_gate)
        {
            if (!_menus.TryGetValue(id, out var menu))
            {
                return (404, "Not found");
            }

            if (menu.Image is null)
            {
                return (400, "must upload richmenu image before applying it to user");
            }

            DefaultId = id;
            return null;
        }
    }

    public bool Delete(string id)
    {
        lock (_gate)
        {
            if (DefaultId == id)
            {
                DefaultId = null;
            }

            return _menus.Remove(id);
        }
    }

    private static (int Width, int Height)? PngSize(byte[] png) =>
        png.Length >= 24 ? (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))) : null;
}
