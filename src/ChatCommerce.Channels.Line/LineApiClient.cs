using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Channels.Line;

/// <summary>
/// The LINE Messaging API over HTTP: reply, push, loading animation, profile, content, rich menus.
/// Time-outs and retries come from the client's resilience handler (<see cref="PlatformResilience"/>);
/// only requests that cannot deliver twice are marked repeatable after an ambiguous failure.
/// </summary>
public sealed class LineApiClient(HttpClient http, IOptionsMonitor<LineOptions> options, ILogger<LineApiClient> logger)
{
    private const string Platform = "LINE";

    public async Task<ReplyResult> ReplyAsync(string replyToken, IReadOnlyList<RenderedJson> messages, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/v2/bot/message/reply", JsonBody.WithMessages("replyToken", replyToken, messages), null, "message", repeatable: false, cancellationToken);
        if (PlatformHttp.IsSuccess(response.StatusCode))
        {
            return ReplyResult.Sent;
        }

        var error = await PlatformHttp.ToExceptionAsync(Platform, response, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest && error.Body.Contains("Invalid reply token", StringComparison.OrdinalIgnoreCase))
        {
            logger.LogInformation("LINE refused reply token (request id {RequestId}); falling back to push", error.RequestId);
            return ReplyResult.InvalidReplyToken;
        }

        throw error;
    }

    /// <summary>
    /// Pushes with an idempotency key. A 409 means LINE already accepted this key: success.
    /// Retries reuse the same key, so a retry never delivers twice.
    /// </summary>
    public Task PushAsync(string to, IReadOnlyList<RenderedJson> messages, Guid retryKey, CancellationToken cancellationToken) =>
        SendOnceAsync("/v2/bot/message/push", JsonBody.WithMessages("to", to, messages), retryKey, cancellationToken);

    /// <summary>
    /// The same messages to up to <see cref="LineLimits.MulticastRecipients"/> users in one call,
    /// under a retry key like <see cref="PushAsync"/>: sent again with the same key after a crash,
    /// LINE answers 409 and nobody gets it twice.
    /// </summary>
    public Task MulticastAsync(IReadOnlyList<string> to, IReadOnlyList<RenderedJson> messages, Guid retryKey, CancellationToken cancellationToken)
    {
        if (to.Count is 0 or > LineLimits.MulticastRecipients)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to.Count, $"A multicast goes to 1 to {LineLimits.MulticastRecipients} users.");
        }

        return SendOnceAsync("/v2/bot/message/multicast", JsonBody.WithMessages("to", to, messages), retryKey, cancellationToken);
    }

    private async Task SendOnceAsync(string path, HttpContent body, Guid retryKey, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, path, body, retryKey, "message", repeatable: true, cancellationToken);
        if (PlatformHttp.IsSuccess(response.StatusCode))
        {
            return;
        }

        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var accepted = response.Headers.TryGetValues("x-line-accepted-request-id", out var ids) ? ids.FirstOrDefault() : null;
            logger.LogInformation("LINE {Path} with retry key {RetryKey} was already accepted as {AcceptedRequestId}", path, retryKey, accepted);
            return;
        }

        throw await PlatformHttp.ToExceptionAsync(Platform, response, cancellationToken);
    }

    public async Task StartLoadingAsync(string chatId, int seconds, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["chatId"] = chatId, ["loadingSeconds"] = Math.Clamp(seconds / 5 * 5, 5, 60) };
        using var response = await SendAsync(HttpMethod.Post, "/v2/bot/chat/loading/start", body, null, "loading", repeatable: true, cancellationToken);
        if (!PlatformHttp.IsSuccess(response.StatusCode))
        {
            throw await PlatformHttp.ToExceptionAsync(Platform, response, cancellationToken);
        }
    }

    public async Task<LineProfile?> GetProfileAsync(string userId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "/v2/bot/profile/" + Uri.EscapeDataString(userId), (HttpContent?)null, null, "profile", repeatable: true, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!PlatformHttp.IsSuccess(response.StatusCode))
        {
            throw await PlatformHttp.ToExceptionAsync(Platform, response, cancellationToken);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        var root = json.RootElement;
        string? Get(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new LineProfile(Get("userId") ?? userId, Get("displayName") ?? "", Get("pictureUrl"), Get("statusMessage"), Get("language"));
    }

    /// <summary>
    /// Downloads what a user sent (image, video, audio, file) from the data API; null when it is
    /// larger than <paramref name="maxBytes"/>.
    /// </summary>
    public async Task<Domain.Payments.MediaContent?> GetContentAsync(string messageId, long maxBytes, CancellationToken cancellationToken)
    {
        var url = options.CurrentValue.DataApiBaseUrl.TrimEnd('/') + "/v2/bot/message/" + Uri.EscapeDataString(messageId) + "/content";
        using var request = Authorized(HttpMethod.Get, url, "content", repeatable: true);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!PlatformHttp.IsSuccess(response.StatusCode))
        {
            throw await PlatformHttp.ToExceptionAsync(Platform, response, cancellationToken);
        }

        return await PlatformHttp.ReadMediaAsync(response, maxBytes, cancellationToken);
    }

    /// <summary>Asks LINE whether a rich menu definition is valid; throws with LINE's details when not.</summary>
    public async Task ValidateRichMenuAsync(JsonObject richMenu, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/v2/bot/richmenu/validate", richMenu, null, "richmenu", repeatable: true, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Creates a rich menu and returns its id.</summary>
    public async Task<string> CreateRichMenuAsync(JsonObject richMenu, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/v2/bot/richmenu", richMenu, null, "richmenu", repeatable: false, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var created = await JsonSerializer.DeserializeAsync<JsonObject>(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return (string?)created?["richMenuId"] ?? throw new PlatformApiException(Platform, response.StatusCode, null, "no richMenuId in the answer");
    }

    /// <summary>Uploads the rich menu's picture (PNG or JPEG) to the data API.</summary>
    public async Task UploadRichMenuImageAsync(string richMenuId, byte[] image, string contentType, CancellationToken cancellationToken)
    {
        var url = options.CurrentValue.DataApiBaseUrl.TrimEnd('/') + "/v2/bot/richmenu/" + Uri.EscapeDataString(richMenuId) + "/content";
        using var request = Authorized(HttpMethod.Post, url, "richmenu", repeatable: false);
        request.Content = new ByteArrayContent(image);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Makes the rich menu the one every user sees unless linked to another.</summary>
    public async Task SetDefaultRichMenuAsync(string richMenuId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/v2/bot/user/all/richmenu/" + Uri.EscapeDataString(richMenuId), (HttpContent?)null, null, "richmenu", repeatable: true, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>The rich menus of the channel: (id, name).</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> ListRichMenusAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "/v2/bot/richmenu/list", (HttpContent?)null, null, "richmenu", repeatable: true, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var list = await JsonSerializer.DeserializeAsync<JsonObject>(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return (list?["richmenus"]?.AsArray() ?? [])
            .Select(m => ((string?)m?["richMenuId"] ?? "", (string?)m?["name"] ?? ""))
            .Where(m => m.Item1.Length > 0)
            .ToList();
    }

    public async Task DeleteRichMenuAsync(string richMenuId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, "/v2/bot/richmenu/" + Uri.EscapeDataString(richMenuId), (HttpContent?)null, null, "richmenu", repeatable: true, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, cancellationToken);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!PlatformHttp.IsSuccess(response.StatusCode))
        {
            throw await PlatformHttp.ToExceptionAsync(Platform, response, cancellationToken);
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body, Guid? retryKey, string endpoint, bool repeatable, CancellationToken cancellationToken) =>
        SendAsync(method, path, body is null ? null : JsonBody.Of(body), retryKey, endpoint, repeatable, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? body, Guid? retryKey, string endpoint, bool repeatable, CancellationToken cancellationToken)
    {
        using var request = Authorized(method, options.CurrentValue.ApiBaseUrl.TrimEnd('/') + path, endpoint, repeatable);
        request.Content = body;

        if (retryKey is { } key)
        {
            request.Headers.Add("X-Line-Retry-Key", key.ToString());
        }

        return await http.SendAsync(request, cancellationToken);
    }

    private HttpRequestMessage Authorized(HttpMethod method, string url, string endpoint, bool repeatable)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.CurrentValue.ChannelAccessToken);
        request.Options.Set(PlatformResilience.Endpoint, endpoint);
        request.Options.Set(PlatformResilience.Repeatable, repeatable);
        return request;
    }

}
