using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatCommerce.Domain.Promotions;

/// <summary>How a promotion is written: the owner API's field names (camelCase), nulls left out.</summary>
public static class PromotionJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(Promotion promotion) => JsonSerializer.Serialize(promotion, Options);

    public static Promotion Read(string json) => JsonSerializer.Deserialize<Promotion>(json, Options) ?? throw new JsonException("Not a promotion.");

    /// <summary>A deep copy (what is cached is never changed by a caller).</summary>
    public static Promotion Copy(Promotion promotion) => Read(Write(promotion));
}
