using System.Text.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Line;

namespace ChatCommerce.FakePlatforms.Line;

/// <summary>
/// The message checks LINE makes before accepting a send. Each broken rule becomes one entry of
/// the error body's <c>details</c> (property path and message), as LINE answers.
/// </summary>
public static class LineMessageRules
{
    private static readonly HashSet<string> MessageTypes = ["text", "textV2", "sticker", "image", "video", "audio", "location", "imagemap", "template", "flex", "coupon"];

    public static List<(string Property, string Message)> Check(JsonNode? messages)
    {
        var errors = new List<(string, string)>();
        if (messages is not JsonArray array)
        {
            errors.Add(("messages", "Must be an array"));
            return errors;
        }

        if (array.Count is < 1 or > LineLimits.MessagesPerCall)
        {
            errors.Add(("messages", $"Size must be between 1 and {LineLimits.MessagesPerCall}"));
        }

        for (var i = 0; i < array.Count; i++)
        {
            CheckMessage(array[i] as JsonObject, $"messages[{i}]", errors);
        }

        return errors;
    }

    private static void CheckMessage(JsonObject? message, string path, List<(string, string)> errors)
    {
        if (message is null)
        {
            errors.Add((path, "Must be an object"));
            return;
        }

        var type = Str(message, "type");
        if (type is null || !MessageTypes.Contains(type))
        {
            errors.Add((path + ".type", "Invalid message type"));
            return;
        }

        switch (type)
        {
            case "text":
                Length(message, "text", 1, LineLimits.TextLength, path, errors);
                break;
            case "image":
                Url(message, "originalContentUrl", path, errors);
                Url(message, "previewImageUrl", path, errors);
                break;
            case "template":
                Length(message, "altText", 1, LineLimits.AltText, path, errors);
                CheckTemplate(message["template"] as JsonObject, path + ".template", errors);
                break;
            case "flex":
                Length(message, "altText", 1, LineLimits.AltText, path, errors);
                CheckFlex(message["contents"] as JsonObject, path + ".contents", errors);
                break;
        }

        if (message["quickReply"] is JsonObject quickReply)
        {
            var items = quickReply["items"] as JsonArray;
            if (items is null || items.Count is < 1 or > LineLimits.QuickReplyItems)
            {
                errors.Add((path + ".quickReply.items", $"Size must be between 1 and {LineLimits.QuickReplyItems}"));
            }

            for (var i = 0; i < (items?.Count ?? 0); i++)
            {
                CheckAction(items![i]?["action"] as JsonObject, $"{path}.quickReply.items[{i}].action", LineLimits.QuickReplyLabel, errors);
            }
        }
    }

    private static void CheckTemplate(JsonObject? template, string path, List<(string, string)> errors)
    {
        if (template is null)
        {
            errors.Add((path, "Must be specified"));
            return;
        }

        var actions = template["actions"] as JsonArray;
        switch (Str(template, "type"))
        {
            case "confirm":
                Length(template, "text", 1, LineLimits.ConfirmText, path, errors);
                if (actions?.Count != 2)
                {
                    errors.Add((path + ".actions", "Size must be 2"));
                }

                break;
            case "buttons":
                Length(template, "text", 1, 160, path, errors);
                if (actions is null || actions.Count is < 1 or > 4)
                {
                    errors.Add((path + ".actions", "Size must be between 1 and 4"));
                }

                break;
            case "carousel":
                if (template["columns"] is not JsonArray { Count: >= 1 and <= 10 })
                {
                    errors.Add((path + ".columns", "Size must be between 1 and 10"));
                }

                break;
            default:
                errors.Add((path + ".type", "Invalid template type"));
                return;
        }

        for (var i = 0; i < (actions?.Count ?? 0); i++)
        {
            CheckAction(actions![i] as JsonObject, $"{path}.actions[{i}]", LineLimits.TemplateActionLabel, errors);
        }
    }

    private static void CheckFlex(JsonObject? contents, string path, List<(string, string)> errors)
    {
        if (contents is null)
        {
            errors.Add((path, "Must be specified"));
            return;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(contents).Length;
        switch (Str(contents, "type"))
        {
            case "bubble":
                if (bytes > LineLimits.FlexBubbleBytes)
                {
                    errors.Add((path, $"Bubble size must be at most {LineLimits.FlexBubbleBytes} bytes"));
                }

                CheckFlexNode(contents, path, errors);
                break;
            case "carousel":
                var bubbles = contents["contents"] as JsonArray;
                if (bubbles is null || bubbles.Count is < 1 or > LineLimits.FlexCarouselBubbles)
                {
                    errors.Add((path + ".contents", $"Size must be between 1 and {LineLimits.FlexCarouselBubbles}"));
                }

                if (bytes > LineLimits.FlexCarouselBytes)
                {
                    errors.Add((path, $"Carousel size must be at most {LineLimits.FlexCarouselBytes} bytes"));
                }

                for (var i = 0; i < (bubbles?.Count ?? 0); i++)
                {
                    var bubble = bubbles![i] as JsonObject;
                    if (bubble is null || Str(bubble, "type") != "bubble")
                    {
                        errors.Add(($"{path}.contents[{i}]", "Must be a bubble"));
                        continue;
                    }

                    if (JsonSerializer.SerializeToUtf8Bytes(bubble).Length > LineLimits.FlexBubbleBytes)
                    {
                        errors.Add(($"{path}.contents[{i}]", $"Bubble size must be at most {LineLimits.FlexBubbleBytes} bytes"));
                    }

                    CheckFlexNode(bubble, $"{path}.contents[{i}]", errors);
                }

                break;
            default:
                errors.Add((path + ".type", "Invalid flex container type"));
                break;
        }
    }

    /// <summary>Walks a flex tree: image URLs must be HTTPS, actions within limits, text not empty.</summary>
    private static void CheckFlexNode(JsonNode? node, string path, List<(string, string)> errors)
    {
        if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                CheckFlexNode(array[i], $"{path}[{i}]", errors);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        switch (Str(obj, "type"))
        {
            case "image":
                Url(obj, "url", path, errors);
                break;
            case "text" when obj["contents"] is null:
                Length(obj, "text", 1, int.MaxValue, path, errors);
                break;
            case "button":
                CheckAction(obj["action"] as JsonObject, path + ".action", LineLimits.FlexActionLabel, errors);
                break;
        }

        foreach (var (name, child) in obj)
        {
            if (name != "action" && child is JsonObject or JsonArray)
            {
                CheckFlexNode(child, $"{path}.{name}", errors);
            }
        }
    }

    private static void CheckAction(JsonObject? action, string path, int labelLimit, List<(string, string)> errors)
    {
        if (action is null)
        {
            errors.Add((path, "Must be specified"));
            return;
        }

        Length(action, "label", 1, labelLimit, path, errors);
        switch (Str(action, "type"))
        {
            case "postback":
                Length(action, "data", 1, LineLimits.PostbackData, path, errors);
                if (action["displayText"] is not null)
                {
                    Length(action, "displayText", 1, LineLimits.DisplayText, path, errors);
                }

                break;
            case "message":
                Length(action, "text", 1, 300, path, errors);
                break;
            case "uri":
                Length(action, "uri", 1, 1000, path, errors);
                break;
            case "datetimepicker" or "camera" or "cameraRoll" or "location" or "richmenuswitch" or "clipboard":
                break;
            default:
                errors.Add((path + ".type", "Invalid action type"));
                break;
        }
    }

    private static void Length(JsonObject obj, string name, int min, int max, string path, List<(string, string)> errors)
    {
        var value = Str(obj, name);
        if (value is null)
        {
            errors.Add(($"{path}.{name}", "Must be specified"));
        }
        else if (value.Length < min || value.Length > max)
        {
            errors.Add(($"{path}.{name}", $"Length must be between {min} and {max}"));
        }
    }

    private static void Url(JsonObject obj, string name, string path, List<(string, string)> errors)
    {
        var value = Str(obj, name);
        if (value is null || value.Length > LineLimits.ImageUrlLength
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add(($"{path}.{name}", "Must be an HTTPS URL of at most 2000 characters"));
        }
    }

    private static string? Str(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
