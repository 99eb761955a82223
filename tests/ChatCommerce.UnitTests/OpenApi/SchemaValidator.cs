using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatCommerce.UnitTests.OpenApi;

/// <summary>
/// Checks a JSON value against an OpenAPI 3.0 schema: $ref, allOf, discriminator mappings, types,
/// required properties, enums, lengths, item counts, ranges and URI formats. Strict beyond the
/// spec: a property the schema does not declare anywhere is an error (it catches misspelt keys,
/// which LINE would reject or silently ignore).
/// </summary>
public sealed class SchemaValidator(OpenApiDocument document)
{
    public IReadOnlyList<string> Validate(JsonNode? value, string schemaName)
    {
        var errors = new List<string>();
        Check(value, document.Schema(schemaName), "$", dispatch: true, strict: true, errors);
        return errors;
    }

    private void Check(JsonNode? value, JsonObject schema, string path, bool dispatch, bool strict, List<string> errors)
    {
        schema = document.Resolve(schema);
        if (dispatch && schema["discriminator"] is JsonObject discriminator && value is JsonObject tagged)
        {
            var property = (string)discriminator["propertyName"]!;
            var kind = tagged[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (kind is null || discriminator["mapping"]?[kind] is not JsonValue target)
            {
                errors.Add($"{path}.{property}: '{kind}' is not one of the documented kinds");
                return;
            }

            Check(value, new JsonObject { ["$ref"] = target.GetValue<string>() }, path, dispatch: false, strict, errors);
            return;
        }

        foreach (var part in (schema["allOf"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Check(value, part, path, dispatch: false, strict: false, errors);
        }

        if (value is null)
        {
            return;
        }

        switch (Str(schema, "type"))
        {
            case "object" when value is not JsonObject:
            case "array" when value is not JsonArray:
                errors.Add($"{path}: expected {Str(schema, "type")}");
                return;
            case "string" when !IsKind(value, JsonValueKind.String):
            case "boolean" when !IsKind(value, JsonValueKind.True) && !IsKind(value, JsonValueKind.False):
            case "integer" or "number" when !IsKind(value, JsonValueKind.Number):
                errors.Add($"{path}: expected {Str(schema, "type")}, got {value.GetValueKind()}");
                return;
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, strict, errors);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, errors);
                break;
            case JsonValue scalar:
                CheckScalar(scalar, schema, path, errors);
                break;
        }
    }

    private void CheckObject(JsonObject obj, JsonObject schema, string path, bool strict, List<string> errors)
    {
        foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => (string)r!))
        {
            if (obj[required] is null)
            {
                errors.Add($"{path}.{required}: required");
            }
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in obj)
            {
                if (properties[name] is JsonObject propertySchema)
                {
                    Check(child, propertySchema, $"{path}.{name}", dispatch: true, strict: true, errors);
                }
            }
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            foreach (var (name, child) in obj)
            {
                Check(child, additional, $"{path}.{name}", dispatch: true, strict: true, errors);
            }
        }
        else if (strict)
        {
            var declared = Declared(schema);
            if (declared.Count > 0)
            {
                foreach (var (name, _) in obj.Where(p => !declared.Contains(p.Key)))
                {
                    errors.Add($"{path}.{name}: not a documented property");
                }
            }
        }
    }

    private void CheckArray(JsonArray array, JsonObject schema, string path, List<string> errors)
    {
        if (Num(schema, "minItems") is { } min && array.Count < min)
        {
            errors.Add($"{path}: at least {min} items");
        }

        if (Num(schema, "maxItems") is { } max && array.Count > max)
        {
            errors.Add($"{path}: at most {max} items, got {array.Count}");
        }

        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], items, $"{path}[{i}]", dispatch: true, strict: true, errors);
            }
        }
    }

    private static void CheckScalar(JsonValue scalar, JsonObject schema, string path, List<string> errors)
    {
        if (scalar.TryGetValue<string>(out var text))
        {
            if (schema["enum"] is JsonArray allowed && !allowed.Any(a => a is JsonValue v && v.TryGetValue<string>(out var s) && s == text))
            {
                errors.Add($"{path}: '{text}' is not one of {allowed.ToJsonString()}");
            }

            if (Num(schema, "maxLength") is { } max && text.Length > max)
            {
                errors.Add($"{path}: longer than {max}");
            }

            if (Num(schema, "minLength") is { } min && text.Length < min)
            {
                errors.Add($"{path}: shorter than {min}");
            }

            if (Str(schema, "format") == "uri" && !Uri.TryCreate(text, UriKind.Absolute, out _))
            {
                errors.Add($"{path}: not an absolute URI");
            }
        }
        else if (scalar.TryGetValue<double>(out var number))
        {
            if (Num(schema, "minimum") is { } min && number < min)
            {
                errors.Add($"{path}: below {min}");
            }

            if (Num(schema, "maximum") is { } max && number > max)
            {
                errors.Add($"{path}: above {max}");
            }
        }
    }

    /// <summary>Every property the schema declares, through allOf.</summary>
    private HashSet<string> Declared(JsonObject schema)
    {
        schema = document.Resolve(schema);
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (schema["properties"] is JsonObject properties)
        {
            names.UnionWith(properties.Select(p => p.Key));
        }

        foreach (var part in (schema["allOf"] as JsonArray ?? []).OfType<JsonObject>())
        {
            names.UnionWith(Declared(part));
        }

        return names;
    }

    private static bool IsKind(JsonNode node, JsonValueKind kind) => node.GetValueKind() == kind;

    private static string? Str(JsonObject schema, string name) => schema[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static double? Num(JsonObject schema, string name) => schema[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d
        : schema[name] is JsonValue l && l.TryGetValue<long>(out var n) ? n : null;
}
