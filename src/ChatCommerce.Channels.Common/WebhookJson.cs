using System.Text.Json;

namespace ChatCommerce.Channels.Common;

/// <summary>Parses a webhook body that must be a JSON object, with a nesting limit.</summary>
public static class WebhookJson
{
    public static JsonDocument ParseObject(ReadOnlySpan<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new WebhookFormatException("The body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new WebhookFormatException("The body is not valid JSON.", ex);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new WebhookFormatException("The body must be a JSON object.");
        }

        return document;
    }
}
