using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChatCommerce.FakePlatforms.Line;

/// <summary>Serves the fake LINE Messaging API (api.line.me and api-data.line.me paths).</summary>
public static class FakeLineEndpoints
{
    public static IEndpointRouteBuilder MapFakeLine(this IEndpointRouteBuilder routes, FakeLinePlatform fake, string prefix = "")
    {
        var group = routes.MapGroup(prefix);
        group.MapPost("/v2/bot/message/reply", Handler(http => ReplyAsync(fake, http)));
        group.MapPost("/v2/bot/message/push", Handler(http => PushAsync(fake, http, "push")));
        group.MapPost("/v2/bot/message/multicast", Handler(http => PushAsync(fake, http, "multicast")));
        group.MapPost("/v2/bot/chat/loading/start", Handler(http => LoadingAsync(fake, http)));
        group.MapPost("/v2/bot/chat/markAsRead", Handler(http => Guarded(fake, http, "markAsRead", _ => Task.FromResult(Ok(new JsonObject())))));
        group.MapGet("/v2/bot/profile/{userId}", (HttpContext http, string userId) => Guarded(fake, http, "profile", _ => Task.FromResult(Profile(fake, http, userId))));
        group.MapGet("/v2/bot/message/{messageId}/content", (HttpContext http, string messageId) =>
            Guarded(fake, http, "content", _ => Task.FromResult(fake.Content(messageId) is { } content
                ? Results.Bytes(content.Bytes, content.ContentType)
                : Error(404, "Not found"))));
        group.MapPost("/v2/bot/richmenu/validate", Handler(http => Guarded(fake, http, "richmenu", body => Task.FromResult(
            FakeRichMenus.Check(body!) is { Count: > 0 } errors ? Error(400, "The request body has " + errors.Count + " error(s)", errors) : Ok(new JsonObject())))));
        group.MapPost("/v2/bot/richmenu", Handler(http => Guarded(fake, http, "richmenu", body => Task.FromResult(
            FakeRichMenus.Check(body!) is { Count: > 0 } errors ? Error(400, "The request body has " + errors.Count + " error(s)", errors) : Ok(new JsonObject { ["richMenuId"] = fake.RichMenus.Create(body!) })))));
        group.MapPost("/v2/bot/richmenu/{richMenuId}/content", (HttpContext http, string richMenuId) => Guarded(fake, http, "richmenu", async _ =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            return fake.RichMenus.Upload(richMenuId, buffer.ToArray(), http.Request.ContentType) is { } failed ? Error(failed.Status, failed.Message) : Ok(new JsonObject());
        }, readJson: false));
        group.MapPost("/v2/bot/user/all/richmenu/{richMenuId}", (HttpContext http, string richMenuId) => Guarded(fake, http, "richmenu", _ => Task.FromResult(
            fake.RichMenus.SetDefault(richMenuId) is { } failed ? Error(failed.Status, failed.Message) : Ok(new JsonObject())), readJson: false));
        group.MapGet("/v2/bot/richmenu/list", (Func<HttpContext, Task<IResult>>)(http => Guarded(fake, http, "richmenu", _ => Task.FromResult(Ok(new JsonObject
        {
            ["richmenus"] = new JsonArray([.. fake.RichMenus.Menus.Select(m => (JsonNode)WithId(m.Key, m.Value))]),
        })))));
        group.MapDelete("/v2/bot/richmenu/{richMenuId}", (HttpContext http, string richMenuId) => Guarded(fake, http, "richmenu", _ => Task.FromResult(
            fake.RichMenus.Delete(richMenuId) ? Ok(new JsonObject()) : Error(404, "Not found"))));
        return routes;
    }

    private static JsonObject WithId(string id, JsonObject menu)
    {
        var copy = (JsonObject)menu.DeepClone();
        copy["richMenuId"] = id;
        return copy;
    }

    private static async Task<IResult> Guarded(FakeLinePlatform fake, HttpContext http, string endpoint, Func<JsonObject?, Task<IResult>> handle, bool readJson = true)
    {
        var requestId = fake.NewRequestId();
        http.Response.Headers["X-Line-Request-Id"] = requestId;
        if (!fake.IsAuthorized(http.Request.Headers.Authorization))
        {
            return Error(401, "Authentication failed. Confirm that the access token in the authorization header is valid.");
        }

        var hang = fake.Failures.TakeHang(endpoint);
        if (fake.Failures.Take(endpoint) is { } status)
        {
            return status == 429
                ? Error(429, "The API rate limit has been exceeded. Try again later.")
                : Error(status, "An error occurred in the backend server.");
        }

        if (hang is { Processed: false })
        {
            await hang.WaitAsync(http.RequestAborted);
            return Error(500, "An error occurred in the backend server.");
        }

        JsonObject? body = null;
        if (readJson && HttpMethods.IsPost(http.Request.Method))
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync<JsonObject>(http.Request.Body, cancellationToken: http.RequestAborted);
            }
            catch (JsonException)
            {
                return Error(400, "The request body has 1 error(s)", [("", "Malformed JSON")]);
            }

            if (body is null)
            {
                return Error(400, "The request body has 1 error(s)", [("", "Must be an object")]);
            }
        }

        var result = await handle(body);
        if (hang is { Processed: true })
        {
            await hang.WaitAsync(http.RequestAborted);
        }

        return result;
    }

    private static Task<IResult> ReplyAsync(FakeLinePlatform fake, HttpContext http) => Guarded(fake, http, "reply", body =>
    {
        if (http.Request.Headers.ContainsKey("X-Line-Retry-Key"))
        {
            return Task.FromResult(Error(400, "The retry key cannot be used with this endpoint"));
        }

        var errors = LineMessageRules.Check(body!["messages"]);
        if (errors.Count > 0)
        {
            return Task.FromResult(Error(400, $"The request body has {errors.Count} error(s)", errors));
        }

        var token = (string?)body["replyToken"] ?? "";
        if (!fake.TryUseReplyToken(token, out var chatId, out var eventId))
        {
            return Task.FromResult(Error(400, "Invalid reply token"));
        }

        var requestId = http.Response.Headers["X-Line-Request-Id"].ToString();
        var messages = body["messages"]!.AsArray();
        fake.RecordSend(new FakeLineSend("reply", chatId, (JsonArray)messages.DeepClone(), null, requestId, fake.Time.GetUtcNow(), eventId));
        return Task.FromResult(Ok(SentMessages(messages.Count)));
    });

    private static Task<IResult> PushAsync(FakeLinePlatform fake, HttpContext http, string kind) => Guarded(fake, http, kind, body =>
    {
        var retryKey = http.Request.Headers["X-Line-Retry-Key"].ToString();
        if (retryKey.Length > 0 && !Guid.TryParseExact(retryKey, "D", out _))
        {
            return Task.FromResult(Error(400, "The value for the 'X-Line-Retry-Key' header is invalid"));
        }

        var errors = LineMessageRules.Check(body!["messages"]);
        var recipients = kind == "push"
            ? ((string?)body["to"] is { Length: > 0 } single ? [single] : [])
            : (body["to"] as JsonArray)?.Select(n => (string?)n ?? "").ToList() ?? [];
        if (recipients.Count == 0 || recipients.Count > Channels.Line.LineLimits.MulticastRecipients)
        {
            errors.Add(("to", "Must be specified"));
        }

        if (errors.Count > 0)
        {
            return Task.FromResult(Error(400, $"The request body has {errors.Count} error(s)", errors));
        }

        var requestId = http.Response.Headers["X-Line-Request-Id"].ToString();
        if (retryKey.Length > 0 && fake.RememberRetryKey(retryKey, requestId) is { } accepted)
        {
            http.Response.Headers["x-line-accepted-request-id"] = accepted;
            return Task.FromResult(Error(409, "The retry key is already accepted"));
        }

        var messages = body["messages"]!.AsArray();
        foreach (var to in recipients)
        {
            fake.RecordSend(new FakeLineSend(kind, to, (JsonArray)messages.DeepClone(), retryKey.Length > 0 ? retryKey : null, requestId, fake.Time.GetUtcNow()));
        }

        return Task.FromResult(Ok(kind == "push" ? SentMessages(messages.Count) : new JsonObject()));
    });

    private static Task<IResult> LoadingAsync(FakeLinePlatform fake, HttpContext http) => Guarded(fake, http, "loading", body =>
    {
        var chatId = (string?)body!["chatId"];
        var seconds = body["loadingSeconds"] is JsonValue v && v.TryGetValue<int>(out var s) ? s : 20;
        if (string.IsNullOrEmpty(chatId) || seconds is < 5 or > 60 || seconds % 5 != 0)
        {
            return Task.FromResult(Error(400, "The request body has 1 error(s)", [("loadingSeconds", "Must be a multiple of 5 between 5 and 60")]));
        }

        fake.RecordLoading(chatId, seconds);
        return Task.FromResult<IResult>(Results.Json(new JsonObject(), statusCode: 202));
    });

    private static IResult Profile(FakeLinePlatform fake, HttpContext http, string userId)
    {
        if (fake.FindUser(userId) is not { } user)
        {
            return Error(404, "Not found");
        }

        var profile = new JsonObject { ["userId"] = userId, ["displayName"] = user.DisplayName, ["pictureUrl"] = "https://sprofile.line-scdn.net/fake/" + userId };
        if (user.Language is not null)
        {
            profile["language"] = user.Language;
        }

        return Ok(profile);
    }

    private static JsonObject SentMessages(int count) => new()
    {
        ["sentMessages"] = new JsonArray([.. Enumerable.Range(0, count).Select(_ => (JsonNode)new JsonObject { ["id"] = Random.Shared.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture) })]),
    };

    private static IResult Ok(JsonObject body) => Results.Json(body);

    private static IResult Error(int status, string message, IEnumerable<(string Property, string Message)>? details = null)
    {
        var body = new JsonObject { ["message"] = message };
        if (details is not null)
        {
            body["details"] = new JsonArray([.. details.Select(d => (JsonNode)new JsonObject { ["message"] = d.Message, ["property"] = d.Property })]);
        }

        return Results.Json(body, statusCode: status);
    }

    private static Delegate Handler(Func<HttpContext, Task<IResult>> handle) => handle;
}
