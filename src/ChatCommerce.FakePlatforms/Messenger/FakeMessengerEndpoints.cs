using System.Text.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Messenger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChatCommerce.FakePlatforms.Messenger;

/// <summary>Serves the fake Graph API: the Send API and the handover protocol.</summary>
public static class FakeMessengerEndpoints
{
    private static readonly HashSet<string> RetiredTags = ["CONFIRMED_EVENT_UPDATE", "ACCOUNT_UPDATE", "POST_PURCHASE_UPDATE"];

    public static IEndpointRouteBuilder MapFakeMessenger(this IEndpointRouteBuilder routes, FakeMessengerPlatform fake, string prefix = "")
    {
        // Attachment pictures users sent, as Meta's CDN serves them (no token: the URL is the secret).
        routes.MapGet(prefix + "/_media/{id}", (string id) => fake.Media(id) is { } media ? Results.Bytes(media.Bytes, media.ContentType) : Results.NotFound());

        // Graph paths are served with and without a version segment (/v25.0/me/messages).
        foreach (var group in new[] { routes.MapGroup(prefix), routes.MapGroup(prefix + "/{version}") })
        {
            group.MapPost("/me/messages", Handler(http => Guarded(fake, http, "messages", body => Task.FromResult(Send(fake, body)))));
            group.MapPost("/me/pass_thread_control", Handler(http => Guarded(fake, http, "handover", body => Task.FromResult(Pass(fake, body)))));
            group.MapGet("/{psid}", (HttpContext http, string psid) => UserProfile(fake, http, psid));
            group.MapGet("/{asid}/ids_for_pages", (HttpContext http, string asid) => IdsForPages(fake, http, asid));
            group.MapPost("/me/messenger_profile", Handler(http => Guarded(fake, http, "profile", body => Task.FromResult(SetProfile(fake, body)))));
            group.MapPost("/me/take_thread_control", Handler(http => Guarded(fake, http, "handover", body => Task.FromResult(Take(fake, body)))));
        }

        return routes;
    }

    private static async Task<IResult> Guarded(FakeMessengerPlatform fake, HttpContext http, string endpoint, Func<JsonObject, Task<IResult>> handle)
    {
        http.Response.Headers["x-fb-trace-id"] = Guid.NewGuid().ToString("N")[..11];
        if (http.Request.Query["access_token"] != fake.Options.PageAccessToken)
        {
            return Error(400, 190, null, "Invalid OAuth access token - Cannot parse access token", "OAuthException");
        }

        var hang = fake.Failures.TakeHang(endpoint);
        switch (fake.Failures.Take(endpoint))
        {
            case 613:
                return Error(400, 613, null, "Calls to this api have exceeded the rate limit.");
            case 429:
                return Error(400, 4, null, "(#4) Application request limit reached");
            case { } status:
                return Error(status, 2, null, "An unexpected error has occurred. Please retry your request later.");
        }

        if (hang is { Processed: false })
        {
            await hang.WaitAsync(http.RequestAborted);
            return Error(500, 2, null, "An unexpected error has occurred. Please retry your request later.");
        }

        JsonObject? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonObject>(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        var result = body is null ? Error(400, 100, null, "(#100) The request body could not be parsed") : await handle(body);
        if (hang is { Processed: true })
        {
            await hang.WaitAsync(http.RequestAborted);
        }

        return result;
    }

    private static IResult Send(FakeMessengerPlatform fake, JsonObject body)
    {
        var psid = (string?)body["recipient"]?["id"];
        if (string.IsNullOrEmpty(psid))
        {
            return Error(400, 100, null, "(#100) The parameter recipient is required");
        }

        if (fake.ThreadOwner(psid) != fake.Options.AppId)
        {
            return Error(400, 10, 2018300, "(#10) This message is sent outside of allowed window. Another app owns the thread.");
        }

        var action = (string?)body["sender_action"];
        var messagingType = (string?)body["messaging_type"];
        var tag = (string?)body["tag"];
        var message = body["message"] as JsonObject;
        if (action is not null)
        {
            if (action is not ("typing_on" or "typing_off" or "mark_seen") || message is not null)
            {
                return Error(400, 100, null, "(#100) sender_action must be typing_on, typing_off or mark_seen, alone");
            }
        }
        else
        {
            if (messagingType is not ("RESPONSE" or "UPDATE" or "MESSAGE_TAG"))
            {
                return Error(400, 100, null, "(#100) messaging_type must be RESPONSE, UPDATE or MESSAGE_TAG");
            }

            if (messagingType == "MESSAGE_TAG" && tag is null)
            {
                return Error(400, 100, null, "(#100) tag is required with MESSAGE_TAG");
            }

            if (tag is not null && RetiredTags.Contains(tag))
            {
                return Error(400, 100, null, $"(#100) The tag {tag} is no longer supported");
            }

            if (tag is not null && tag != "HUMAN_AGENT")
            {
                return Error(400, 100, null, $"(#100) Unknown tag {tag}");
            }

            if (MessageProblem(message) is { } problem)
            {
                return Error(400, 100, null, "(#100) " + problem);
            }
        }

        var window = tag == "HUMAN_AGENT" ? MessengerLimits.HumanAgentWindow : MessengerLimits.StandardWindow;
        if (fake.LastUserMessage(psid) is not { } last || fake.Time.GetUtcNow() - last > window)
        {
            return Error(400, 10, 2018278, "(#10) This message is sent outside of allowed window.");
        }

        var sent = fake.RecordSend(psid, messagingType, tag, (JsonObject?)message?.DeepClone(), action);
        return Results.Json(action is null
            ? new JsonObject { ["recipient_id"] = psid, ["message_id"] = sent.MessageId }
            : new JsonObject { ["recipient_id"] = psid });
    }

    private static string? MessageProblem(JsonObject? message)
    {
        if (message is null)
        {
            return "message is required";
        }

        var text = (string?)message["text"];
        var attachment = message["attachment"] as JsonObject;
        if ((text is null) == (attachment is null))
        {
            return "message must have exactly one of text or attachment";
        }

        if (text is not null && (text.Length == 0 || text.Length > MessengerLimits.TextLength))
        {
            return "param message[text] must be non-empty and at most 2000 characters";
        }

        if (message["quick_replies"] is JsonArray quickReplies)
        {
            if (quickReplies.Count is < 1 or > MessengerLimits.QuickReplies)
            {
                return "param message[quick_replies] must have 1 to 13 items";
            }

            foreach (var quickReply in quickReplies.OfType<JsonObject>())
            {
                var title = (string?)quickReply["title"];
                var payload = (string?)quickReply["payload"];
                if ((string?)quickReply["content_type"] == "text"
                    && (title is not { Length: > 0 and <= MessengerLimits.QuickReplyTitle } || payload is not { Length: > 0 and <= MessengerLimits.QuickReplyPayload }))
                {
                    return "quick reply title must be 1–20 characters and payload 1–1000";
                }
            }
        }

        return attachment is null ? null : AttachmentProblem(attachment);
    }

    private static string? AttachmentProblem(JsonObject attachment)
    {
        var payload = attachment["payload"] as JsonObject;
        switch ((string?)attachment["type"])
        {
            case "image" or "video" or "audio" or "file":
                return (string?)payload?["url"] is { Length: > 0 } || payload?["attachment_id"] is not null ? null : "attachment payload needs a url";
            case "template":
                break;
            default:
                return "unknown attachment type";
        }

        switch ((string?)payload?["template_type"])
        {
            case "generic":
                var elements = payload!["elements"] as JsonArray;
                if (elements is null || elements.Count is < 1 or > MessengerLimits.GenericElements)
                {
                    return "generic template must have 1 to 10 elements";
                }

                foreach (var element in elements.OfType<JsonObject>())
                {
                    if ((string?)element["title"] is not { Length: > 0 and <= MessengerLimits.ElementTitle })
                    {
                        return "element title must be 1–80 characters";
                    }

                    if ((string?)element["subtitle"] is { Length: > MessengerLimits.ElementSubtitle })
                    {
                        return "element subtitle must be at most 80 characters";
                    }

                    if (ButtonsProblem(element["buttons"] as JsonArray, allowNone: true) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case "button":
                if ((string?)payload!["text"] is not { Length: > 0 and <= MessengerLimits.ButtonTemplateText })
                {
                    return "button template text must be 1–640 characters";
                }

                return ButtonsProblem(payload["buttons"] as JsonArray, allowNone: false);
            case "receipt":
                return ReceiptProblem(payload!);
            default:
                return "unknown template_type";
        }
    }

    /// <summary>The receipt template's required fields, its element limit and its numbers.</summary>
    private static string? ReceiptProblem(JsonObject payload)
    {
        foreach (var name in new[] { "recipient_name", "order_number", "currency", "payment_method" })
        {
            if ((string?)payload[name] is not { Length: > 0 })
            {
                return $"receipt template needs {name}";
            }
        }

        if (payload["summary"] is not JsonObject summary || summary["total_cost"] is not JsonValue total || !total.TryGetValue<decimal>(out _))
        {
            return "receipt template needs summary.total_cost as a number";
        }

        if (payload["elements"] is JsonArray elements)
        {
            if (elements.Count > MessengerLimits.ReceiptElements)
            {
                return "receipt template has at most 100 elements";
            }

            foreach (var element in elements.OfType<JsonObject>())
            {
                if ((string?)element["title"] is not { Length: > 0 } || element["price"] is not JsonValue price || !price.TryGetValue<decimal>(out _))
                {
                    return "receipt element needs a title and a numeric price";
                }
            }
        }

        if (payload["adjustments"] is { } adjustments)
        {
            if (adjustments is not JsonArray list || list.Any(a => a is not JsonObject adjustment || (string?)adjustment["name"] is not { Length: > 0 }
                || adjustment["amount"] is not JsonValue amount || !amount.TryGetValue<decimal>(out _)))
            {
                return "receipt adjustments are objects with a name and a numeric amount";
            }
        }

        return null;
    }

    private static string? ButtonsProblem(JsonArray? buttons, bool allowNone)
    {
        if (buttons is null)
        {
            return allowNone ? null : "buttons are required";
        }

        if (buttons.Count is < 1 or > MessengerLimits.ElementButtons)
        {
            return "1 to 3 buttons are allowed";
        }

        foreach (var button in buttons.OfType<JsonObject>())
        {
            if ((string?)button["title"] is not { Length: > 0 and <= MessengerLimits.ButtonTitle })
            {
                return "button title must be 1–20 characters";
            }

            var ok = (string?)button["type"] switch
            {
                "postback" => (string?)button["payload"] is { Length: > 0 and <= MessengerLimits.ButtonPayload },
                "web_url" => (string?)button["url"] is { Length: > 0 },
                "phone_number" => (string?)button["payload"] is { Length: > 0 },
                _ => false,
            };
            if (!ok)
            {
                return "button type or payload is not valid";
            }
        }

        return null;
    }

    private static IResult Pass(FakeMessengerPlatform fake, JsonObject body)
    {
        var psid = (string?)body["recipient"]?["id"];
        var target = (string?)body["target_app_id"];
        if (string.IsNullOrEmpty(psid) || string.IsNullOrEmpty(target))
        {
            return Error(400, 100, null, "(#100) recipient and target_app_id are required");
        }

        if (fake.ThreadOwner(psid) != fake.Options.AppId)
        {
            return Error(400, 10, 2018300, "(#10) The app does not own the thread.");
        }

        fake.SetThreadOwner(psid, target);
        return Results.Json(new JsonObject { ["success"] = true });
    }

    private static IResult Take(FakeMessengerPlatform fake, JsonObject body)
    {
        var psid = (string?)body["recipient"]?["id"];
        if (string.IsNullOrEmpty(psid))
        {
            return Error(400, 100, null, "(#100) recipient is required");
        }

        fake.SetThreadOwner(psid, fake.Options.AppId);
        return Results.Json(new JsonObject { ["success"] = true });
    }

    /// <summary>The User Profile API: known users only, the fields asked for.</summary>
    private static IResult UserProfile(FakeMessengerPlatform fake, HttpContext http, string psid)
    {
        http.Response.Headers["x-fb-trace-id"] = Guid.NewGuid().ToString("N")[..11];
        if (http.Request.Query["access_token"] != fake.Options.PageAccessToken)
        {
            return Error(400, 190, null, "Invalid OAuth access token - Cannot parse access token", "OAuthException");
        }

        if (fake.Failures.Take("user") is { } status)
        {
            return Error(status, 2, null, "An unexpected error has occurred. Please retry your request later.");
        }

        if (fake.FindUser(psid) is not { } user)
        {
            return Error(400, 100, 33, $"Unsupported get request. Object with ID '{psid}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", "GraphMethodException");
        }

        var fields = (http.Request.Query["fields"].ToString() is { Length: > 0 } asked ? asked : "first_name,last_name").Split(',');
        var body = new JsonObject { ["id"] = psid };
        foreach (var field in fields)
        {
            switch (field.Trim())
            {
                case "first_name":
                    body["first_name"] = user.FirstName;
                    break;
                case "last_name":
                    body["last_name"] = user.LastName;
                    break;
                case "profile_pic":
                    body["profile_pic"] = "https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=" + psid;
                    break;
                case "locale" when user.Locale is not null:
                    body["locale"] = user.Locale;
                    break;
            }
        }

        return Results.Json(body);
    }

    /// <summary>ID matching: the app access token (app id|app secret) with its appsecret_proof, as Graph requires.</summary>
    private static IResult IdsForPages(FakeMessengerPlatform fake, HttpContext http, string asid)
    {
        var token = fake.Options.AppId + "|" + fake.Options.AppSecret;
        var proof = Convert.ToHexStringLower(ChatCommerce.Channels.Common.Signatures.HmacSha256(fake.Options.AppSecret, System.Text.Encoding.UTF8.GetBytes(token)));
        if (http.Request.Query["access_token"] != token || http.Request.Query["appsecret_proof"] != proof)
        {
            return Error(400, 190, null, "Invalid OAuth access token - Cannot parse access token", "OAuthException");
        }

        var data = new JsonArray();
        if (fake.PageScopedId(asid) is { } psid)
        {
            data.Add(new JsonObject { ["id"] = psid, ["page"] = new JsonObject { ["id"] = fake.Options.PageId, ["name"] = "ร้านทดสอบ" } });
        }

        return Results.Json(new JsonObject { ["data"] = data });
    }

    /// <summary>The Messenger profile rules: a persistent menu needs Get Started, a default locale, ≤ 20 postback/web_url items with titles ≤ 30.</summary>
    private static IResult SetProfile(FakeMessengerPlatform fake, JsonObject body)
    {
        if (body["persistent_menu"] is JsonArray menus)
        {
            if ((string?)body["get_started"]?["payload"] is not { Length: > 0 and <= 1000 } && (string?)fake.Profile?["get_started"]?["payload"] is null)
            {
                return Error(400, 100, 2018145, "(#100) You must set a Get Started button if you also wish to use persistent menu.");
            }

            if (!menus.Any(m => (string?)m?["locale"] == "default"))
            {
                return Error(400, 100, null, "(#100) persistent_menu must have a default locale");
            }

            foreach (var menu in menus)
            {
                var items = menu?["call_to_actions"] as JsonArray;
                if (items is null || items.Count is 0 or > 20)
                {
                    return Error(400, 100, null, "(#100) call_to_actions must have 1–20 items");
                }

                foreach (var item in items)
                {
                    var type = (string?)item?["type"];
                    if ((string?)item?["title"] is not { Length: > 0 and <= 30 }
                        || type is not ("postback" or "web_url")
                        || (type == "postback" && (string?)item!["payload"] is not { Length: > 0 and <= 1000 }))
                    {
                        return Error(400, 100, null, "(#100) Invalid call_to_actions item");
                    }
                }
            }
        }

        var profile = fake.Profile is null ? new JsonObject() : (JsonObject)fake.Profile.DeepClone();
        foreach (var (name, value) in body)
        {
            profile[name] = value?.DeepClone();
        }

        fake.Profile = profile;
        return Results.Json(new JsonObject { ["result"] = "success" });
    }

    private static IResult Error(int status, int code, int? subcode, string message, string type = "OAuthException")
    {
        var error = new JsonObject
        {
            ["message"] = message,
            ["type"] = type,
            ["code"] = code,
            ["fbtrace_id"] = Guid.NewGuid().ToString("N")[..11],
        };
        if (subcode is not null)
        {
            error["error_subcode"] = subcode;
        }

        return Results.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }

    private static Delegate Handler(Func<HttpContext, Task<IResult>> handle) => handle;
}
