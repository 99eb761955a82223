using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChatCommerce.FakePlatforms.Payments;

/// <summary>
/// Stripe as far as ChatCommerce uses it: creating Checkout Sessions (form-encoded, bearer secret
/// key, <c>Idempotency-Key</c> returning the first session again, Stripe's limits on amount and
/// expiry), and sending signed webhook events (<c>Stripe-Signature: t=…,v1=…</c>) when a session
/// is paid, as often as a test asks.
/// </summary>
public sealed class FakeStripe(string secretKey, string webhookSecret, TimeProvider? time = null)
{
    /// <summary>Stripe's smallest charge in baht (฿10), in satang.</summary>
    public const long MinimumSatang = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idempotency = new(StringComparer.Ordinal);
    private readonly List<IReadOnlyDictionary<string, string>> _creates = [];
    private long _sequence;

    public string SecretKey => secretKey;

    public string WebhookSecret => webhookSecret;

    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    /// <summary>Where a session's payment page is (Stripe's own; the simulator serves a stand-in).</summary>
    public string CheckoutPageBase { get; set; } = "https://checkout.stripe.com/c/pay/";

    /// <summary>Where events are posted: the host's <c>/webhooks/stripe</c>.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>Every accepted create request's form fields, in order (repeats by idempotency key included).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Creates
    {
        get { lock (_gate) { return [.. _creates]; } }
    }

    public IReadOnlyList<JsonObject> Sessions
    {
        get { lock (_gate) { return [.. _sessions.Values.Select(s => (JsonObject)s.DeepClone())]; } }
    }

    public JsonObject? Session(string id)
    {
        lock (_gate)
        {
            return _sessions.TryGetValue(id, out var session) ? (JsonObject)session.DeepClone() : null;
        }
    }

    public async Task<IResult> CreateSessionAsync(HttpContext http)
    {
        if (http.Request.Headers.Authorization.ToString() != "Bearer " + secretKey)
        {
            return Error(401, "authentication_error", "Invalid API Key provided.");
        }

        if (!http.Request.HasFormContentType)
        {
            return Error(400, "invalid_request_error", "Requests must be form-encoded.");
        }

        var form = (await http.Request.ReadFormAsync(http.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        lock (_gate)
        {
            _creates.Add(form);
            if (key.Length > 0 && _idempotency.TryGetValue(key, out var earlier))
            {
                return Results.Json(_sessions[earlier]);
            }
        }

        if (form.GetValueOrDefault("mode") != "payment")
        {
            return Error(400, "invalid_request_error", "Missing required param: mode.", "mode");
        }

        if (!long.TryParse(form.GetValueOrDefault("line_items[0][price_data][unit_amount]"), out var unit) || !int.TryParse(form.GetValueOrDefault("line_items[0][quantity]"), out var quantity))
        {
            return Error(400, "invalid_request_error", "Missing required param: line_items.", "line_items");
        }

        var currency = form.GetValueOrDefault("line_items[0][price_data][currency]") ?? "";
        var amount = unit * quantity;
        if (currency != "thb" || amount < MinimumSatang)
        {
            return Error(400, "invalid_request_error", $"The Checkout Session's total amount due must add up to at least ฿10.00 thb", "line_items");
        }

        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        var expires = long.TryParse(form.GetValueOrDefault("expires_at"), out var at) ? at : now + 86400;
        if (expires < now + 1800 - 5 || expires > now + 86400 + 5)
        {
            return Error(400, "invalid_request_error", "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.", "expires_at");
        }

        var id = $"cs_test_{Interlocked.Increment(ref _sequence):D4}{Guid.NewGuid():N}";
        var metadata = new JsonObject();
        foreach (var (name, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[name["metadata[".Length..^1]] = value;
        }

        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["amount_subtotal"] = amount,
            ["amount_total"] = amount,
            ["currency"] = currency,
            ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
            ["metadata"] = metadata,
            ["mode"] = "payment",
            ["payment_status"] = "unpaid",
            ["status"] = "open",
            ["livemode"] = false,
            ["created"] = now,
            ["expires_at"] = expires,
            ["locale"] = form.GetValueOrDefault("locale"),
            ["success_url"] = form.GetValueOrDefault("success_url"),
            ["cancel_url"] = form.GetValueOrDefault("cancel_url"),
            ["url"] = CheckoutPageBase + id,
        };
        lock (_gate)
        {
            _sessions[id] = session;
            if (key.Length > 0)
            {
                _idempotency[key] = id;
            }
        }

        return Results.Json(session);
    }

    /// <summary>
    /// Builds the event a paid session causes (the session paid and complete, or an amount the
    /// test chooses) without sending it; <see cref="SendAsync"/> sends it, as often as wanted.
    /// </summary>
    public JsonObject PaidEvent(string sessionId, string type = "checkout.session.completed", long? amountTotal = null)
    {
        JsonObject session;
        lock (_gate)
        {
            session = (JsonObject)(_sessions.TryGetValue(sessionId, out var s) ? s : throw new KeyNotFoundException(sessionId)).DeepClone();
        }

        session["payment_status"] = "paid";
        session["status"] = "complete";
        if (amountTotal is { } amount)
        {
            session["amount_total"] = amount;
        }

        return new JsonObject
        {
            ["id"] = $"evt_test_{Interlocked.Increment(ref _sequence):D4}{Guid.NewGuid():N}"[..32],
            ["object"] = "event",
            ["api_version"] = "2025-11-17.clover",
            ["created"] = Time.GetUtcNow().ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = session },
        };
    }

    /// <summary>Signs and posts an event to <see cref="WebhookUrl"/>; the receiver's status, or null when unreachable.</summary>
    public async Task<WebhookAttempt> SendAsync(JsonObject stripeEvent, string? signingSecret = null, CancellationToken cancellationToken = default)
    {
        var body = Encoding.UTF8.GetBytes(stripeEvent.ToJsonString());
        var timestamp = Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Sign(signingSecret ?? webhookSecret, timestamp, body);
        return await WebhookSender.PostAsync(WebhookUrl, body, "Stripe-Signature", $"t={timestamp},v1={signature}", TimeSpan.FromSeconds(30), [(string)stripeEvent["id"]!], cancellationToken);
    }

    /// <summary>Stripe's v1 scheme: hex HMAC-SHA256, keyed by the signing secret, of "{timestamp}.{body}".</summary>
    public static string Sign(string secret, string timestamp, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.UTF8.GetBytes(timestamp + "."), .. body]));

    private static IResult Error(int status, string type, string message, string? param = null) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["message"] = message, ["param"] = param } }, statusCode: status);
}

public static class FakeStripeEndpoints
{
    public static IEndpointRouteBuilder MapFakeStripe(this IEndpointRouteBuilder routes, FakeStripe fake, string prefix = "")
    {
        routes.MapPost(prefix + "/v1/checkout/sessions", (Func<HttpContext, Task<IResult>>)fake.CreateSessionAsync).DisableAntiforgery();
        return routes;
    }
}
