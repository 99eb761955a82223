using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Channels.Messenger;

/// <summary>
/// The Messenger Platform over HTTP: Send API, sender actions, handover, profiles. The client's
/// resilience handler retries 5xx, 429 and Graph rate-limit errors (codes 4 and 613, see
/// <see cref="IsRateLimited"/>); a send that timed out is never repeated here, since the Send API
/// has no idempotency key. Other Graph errors come back for the caller to act on.
/// </summary>
public sealed class MessengerApiClient(HttpClient http, IOptionsMonitor<MessengerOptions> options, ILogger<MessengerApiClient> logger)
{

    public Task<MessengerSendResult> SendMessageAsync(string psid, RenderedJson message, string messagingType, string? tag, CancellationToken cancellationToken) =>
        PostAsync("/me/messages", SendBody(psid, message, messagingType, tag), "message", repeatable: false, cancellationToken);

    /// <summary>The Send API's body: <c>{"recipient":{"id":…},"messaging_type":…,"message":{…},"tag":…}</c>, the message placed as rendered.</summary>
    public static HttpContent SendBody(string psid, RenderedJson message, string messagingType, string? tag) => JsonBody.Object(w =>
    {
        w.WriteStartObject("recipient");
        w.WriteString("id", psid);
        w.WriteEndObject();
        w.WriteString("messaging_type", messagingType);
        w.WritePropertyName("message");
        w.WriteRawValue(message.Utf8.Span, skipInputValidation: true);
        if (tag is not null)
        {
            w.WriteString("tag", tag);
        }
    });

    public Task<MessengerSendResult> SenderActionAsync(string psid, string action, CancellationToken cancellationToken) =>
        PostAsync("/me/messages", new JsonObject { ["recipient"] = new JsonObject { ["id"] = psid }, ["sender_action"] = action }, "action", repeatable: true, cancellationToken);

    /// <summary>Hands the thread to another app (e.g. the Page Inbox, 263902037430900).</summary>
    public Task<MessengerSendResult> PassThreadControlAsync(string psid, string targetAppId, string? metadata, CancellationToken cancellationToken) =>
        PostAsync("/me/pass_thread_control", new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = psid },
            ["target_app_id"] = targetAppId,
            ["metadata"] = metadata,
        }, "handover", repeatable: true, cancellationToken);

    public Task<MessengerSendResult> TakeThreadControlAsync(string psid, string? metadata, CancellationToken cancellationToken) =>
        PostAsync("/me/take_thread_control", new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = psid },
            ["metadata"] = metadata,
        }, "handover", repeatable: true, cancellationToken);

    /// <summary>
    /// The user's name and locale from the User Profile API; null when the platform will not say
    /// (no permission, unknown PSID).
    /// </summary>
    public async Task<(string FirstName, string LastName, string? Locale, string? Picture)?> GetUserProfileAsync(string psid, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var url = current.GraphApiBaseUrl.TrimEnd('/') + "/" + Uri.EscapeDataString(psid) + "?fields=first_name,last_name,locale,profile_pic&access_token=" + Uri.EscapeDataString(current.PageAccessToken);
        if (await GetObjectAsync(url, "profile", cancellationToken) is not { } profile)
        {
            return null;
        }

        var first = (string?)profile["first_name"] ?? "";
        var last = (string?)profile["last_name"] ?? "";
        return first.Length == 0 && last.Length == 0 ? null : (first, last, (string?)profile["locale"], (string?)profile["profile_pic"]);
    }

    /// <summary>
    /// The page-scoped id (PSID) of a user known to the app by an app-scoped id (what Meta's
    /// data-deletion callback names), through the ID matching API <c>/{asid}/ids_for_pages</c>
    /// with the app access token and its appsecret_proof. Null when Graph does not say (the app
    /// and page are not in one business, the user never wrote to the page, no app id configured).
    /// </summary>
    public async Task<string?> PageScopedIdAsync(string appScopedId, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (current.AppId.Length == 0 || current.AppSecret.Length == 0)
        {
            return null;
        }

        var token = current.AppId + "|" + current.AppSecret;
        var proof = Convert.ToHexStringLower(Channels.Common.Signatures.HmacSha256(current.AppSecret, System.Text.Encoding.UTF8.GetBytes(token)));
        var url = current.GraphApiBaseUrl.TrimEnd('/') + "/" + Uri.EscapeDataString(appScopedId) + "/ids_for_pages?access_token=" + Uri.EscapeDataString(token) + "&appsecret_proof=" + proof
            + (current.PageId.Length > 0 ? "&page=" + Uri.EscapeDataString(current.PageId) : "");
        var pages = (await GetObjectAsync(url, "ids_for_pages", cancellationToken))?["data"] as JsonArray ?? [];
        return pages.OfType<JsonObject>()
            .Where(p => current.PageId.Length == 0 || (string?)p["page"]?["id"] == current.PageId)
            .Select(p => (string?)p["id"])
            .FirstOrDefault(id => id is { Length: > 0 });
    }

    /// <summary>A Graph GET (repeatable) answered with a JSON object; null, logged without the URL's token, when Graph refuses.</summary>
    private async Task<JsonObject?> GetObjectAsync(string url, string endpoint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Options.Set(PlatformResilience.Endpoint, endpoint);
        request.Options.Set(PlatformResilience.Repeatable, true);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!PlatformHttp.IsSuccess(response.StatusCode))
        {
            logger.LogInformation("Messenger {Endpoint} not available: {Status} code {Code}", endpoint, (int)response.StatusCode, MessengerApiError.TryParse(text)?.Code);
            return null;
        }

        return JsonNode.Parse(text) as JsonObject;
    }

    /// <summary>Sets the page's Messenger profile: Get Started button and persistent menu.</summary>
    public Task<MessengerSendResult> SetProfileAsync(JsonObject profile, CancellationToken cancellationToken) =>
        PostAsync("/me/messenger_profile", profile, "profile-settings", repeatable: true, cancellationToken);

    /// <summary>Graph reports rate limits (codes 4 and 613) as a 4xx with the code in the body.</summary>
    public static bool IsRateLimited(string body) => MessengerApiError.TryParse(body)?.IsRateLimit == true;

    private Task<MessengerSendResult> PostAsync(string path, JsonObject body, string endpoint, bool repeatable, CancellationToken cancellationToken) =>
        PostAsync(path, JsonBody.Of(body), endpoint, repeatable, cancellationToken);

    private async Task<MessengerSendResult> PostAsync(string path, HttpContent body, string endpoint, bool repeatable, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var url = current.GraphApiBaseUrl.TrimEnd('/') + path + "?access_token=" + Uri.EscapeDataString(current.PageAccessToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body };
        request.Options.Set(PlatformResilience.Endpoint, endpoint);
        request.Options.Set(PlatformResilience.Repeatable, repeatable);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (PlatformHttp.IsSuccess(response.StatusCode))
        {
            return new MessengerSendResult(MessageIdOf(text), null, (int)response.StatusCode);
        }

        var error = MessengerApiError.TryParse(text) ?? new MessengerApiError(0, null, text, null);
        logger.LogWarning(
            "Messenger {Path} answered {Status}: code {Code}/{Subcode} trace {Trace}: {Message}",
            path, (int)response.StatusCode, error.Code, error.Subcode, error.TraceId, error.Message);
        return new MessengerSendResult(null, error, (int)response.StatusCode) { RetryAfter = PlatformHttp.RetryAfterOf(response) };
    }

    private static string? MessageIdOf(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.TryGetProperty("message_id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
