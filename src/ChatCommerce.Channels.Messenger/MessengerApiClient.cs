using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Channels.Messenger;

/// <summary>
/// The Messenger Send API over HTTP. Retries 5xx/429 and Graph rate-limit errors (codes 4 and 613)
/// with backoff, all within one retry budget; returns other Graph errors for the caller to act on.
/// </summary>
public sealed class MessengerApiClient(HttpClient http, IOptionsMonitor<MessengerOptions> options, ILogger<MessengerApiClient> logger)
{
    private const string Platform = "Messenger";

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    public Task<MessengerSendResult> SendMessageAsync(string psid, JsonObject message, string messagingType, string? tag, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = psid },
            ["messaging_type"] = messagingType,
            ["message"] = message.DeepClone(),
        };
        if (tag is not null)
        {
            body["tag"] = tag;
        }

        return PostAsync("/me/messages", body, cancellationToken);
    }

    public Task<MessengerSendResult> SenderActionAsync(string psid, string action, CancellationToken cancellationToken) =>
        PostAsync("/me/messages", new JsonObject { ["recipient"] = new JsonObject { ["id"] = psid }, ["sender_action"] = action }, cancellationToken);

    /// <summary>Hands the thread to another app (e.g. the Page Inbox, 263902037430900).</summary>
    public Task<MessengerSendResult> PassThreadControlAsync(string psid, string targetAppId, string? metadata, CancellationToken cancellationToken) =>
        PostAsync("/me/pass_thread_control", new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = psid },
            ["target_app_id"] = targetAppId,
            ["metadata"] = metadata,
        }, cancellationToken);

    public Task<MessengerSendResult> TakeThreadControlAsync(string psid, string? metadata, CancellationToken cancellationToken) =>
        PostAsync("/me/take_thread_control", new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = psid },
            ["metadata"] = metadata,
        }, cancellationToken);

    /// <summary>
    /// The user's name and locale from the User Profile API; null when the platform will not say
    /// (no permission, unknown PSID).
    /// </summary>
    public async Task<(string FirstName, string LastName, string? Locale)?> GetUserProfileAsync(string psid, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var url = current.GraphApiBaseUrl.TrimEnd('/') + "/" + Uri.EscapeDataString(psid) + "?fields=first_name,last_name,locale&access_token=" + Uri.EscapeDataString(current.PageAccessToken);
        using var response = await PlatformHttp.SendWithRetryAsync(http, () => new HttpRequestMessage(HttpMethod.Get, url), Retry, logger, Platform, cancellationToken, IsRateLimitedAsync);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!PlatformHttp.IsSuccess(response.StatusCode))
        {
            var error = MessengerApiError.TryParse(text);
            logger.LogInformation("Messenger profile of {Psid} not available: {Status} code {Code}", psid, (int)response.StatusCode, error?.Code);
            return null;
        }

        var profile = JsonNode.Parse(text) as JsonObject;
        var first = (string?)profile?["first_name"] ?? "";
        var last = (string?)profile?["last_name"] ?? "";
        return first.Length == 0 && last.Length == 0 ? null : (first, last, (string?)profile?["locale"]);
    }

    /// <summary>Sets the page's Messenger profile: Get Started button and persistent menu.</summary>
    public Task<MessengerSendResult> SetProfileAsync(JsonObject profile, CancellationToken cancellationToken) =>
        PostAsync("/me/messenger_profile", profile, cancellationToken);

    private async Task<MessengerSendResult> PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var url = current.GraphApiBaseUrl.TrimEnd('/') + path + "?access_token=" + Uri.EscapeDataString(current.PageAccessToken);
        var json = body.ToJsonString();
        using var response = await PlatformHttp.SendWithRetryAsync(
            http,
            () => new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            Retry,
            logger,
            Platform,
            cancellationToken,
            IsRateLimitedAsync);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (PlatformHttp.IsSuccess(response.StatusCode))
        {
            return new MessengerSendResult(MessageIdOf(text), null, (int)response.StatusCode);
        }

        var error = MessengerApiError.TryParse(text) ?? new MessengerApiError(0, null, text, null);
        logger.LogWarning(
            "Messenger {Path} answered {Status}: code {Code}/{Subcode} trace {Trace}: {Message}",
            path, (int)response.StatusCode, error.Code, error.Subcode, error.TraceId, error.Message);
        return new MessengerSendResult(null, error, (int)response.StatusCode);
    }

    /// <summary>Graph reports rate limits (codes 4 and 613) as a 4xx with the code in the body.</summary>
    private static async Task<bool> IsRateLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        MessengerApiError.TryParse(await response.Content.ReadAsStringAsync(cancellationToken))?.IsRateLimit == true;

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
