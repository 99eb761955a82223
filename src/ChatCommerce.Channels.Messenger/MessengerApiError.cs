using System.Text.Json;

namespace ChatCommerce.Channels.Messenger;

/// <summary>The Graph API's <c>{error:{message,type,code,error_subcode,fbtrace_id}}</c>.</summary>
public sealed record MessengerApiError(int Code, int? Subcode, string Message, string? TraceId)
{
    public bool IsOutsideWindow => Code == 10 && Subcode == 2018278;

    public bool IsUserUnavailable => Code == 551 || Subcode == 1545041;

    public bool IsThreadOwnedElsewhere => Subcode == 2018300;

    public bool IsRateLimit => Code is 4 or 613;

    public bool IsBadToken => Code == 190;

    public static MessengerApiError? TryParse(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("error", out var e) || e.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            int? Int(string name) => e.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : null;
            string? Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new MessengerApiError(Int("code") ?? 0, Int("error_subcode"), Str("message") ?? "", Str("fbtrace_id"));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
