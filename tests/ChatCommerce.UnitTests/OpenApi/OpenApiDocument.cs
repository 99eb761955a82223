using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace ChatCommerce.UnitTests.OpenApi;

/// <summary>An OpenAPI YAML file loaded as a JSON tree, with its component schemas.</summary>
public sealed class OpenApiDocument
{
    private OpenApiDocument(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public JsonObject Schema(string name) =>
        Root["components"]?["schemas"]?[name] as JsonObject ?? throw new KeyNotFoundException($"No schema '{name}'.");

    public JsonObject Resolve(JsonObject schema)
    {
        while (schema["$ref"] is JsonValue reference)
        {
            var path = reference.GetValue<string>();
            const string prefix = "#/components/schemas/";
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new NotSupportedException($"Only local schema references are followed, not '{path}'.");
            }

            schema = Schema(path[prefix.Length..]);
        }

        return schema;
    }

    public static OpenApiDocument Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            yaml.Load(reader);
        }

        return new OpenApiDocument((JsonObject)Convert(yaml.Documents[0].RootNode)!);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return value switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "null" or "~" => null,
            _ => JsonValue.Create(value),
        };
    }
}
