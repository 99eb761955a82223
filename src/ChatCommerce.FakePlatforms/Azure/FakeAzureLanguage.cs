using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChatCommerce.FakePlatforms.Azure;

/// <summary>
/// A local Azure AI Language endpoint for sentiment: checks the key header, the api-version, the
/// task kind, the document count and length and the language, answers with the service's result
/// and error shapes, and records every request body so tests can see exactly what was sent.
/// Its "model" is a small word list: enough to tell the adapter's handling apart.
/// </summary>
public sealed class FakeAzureLanguage(string key)
{
    private static readonly string[] NegativeWords = ["bad", "terrible", "awful", "broken", "angry", "แย่", "เสีย", "โมโห", "ผิดหวัง"];
    private static readonly string[] PositiveWords = ["great", "love", "thank", "good", "excellent", "ดี", "ชอบ", "ขอบคุณ", "ประทับใจ"];
    private readonly List<JsonObject> _requests = [];
    private readonly Lock _gate = new();

    public string Key => key;

    public FakeFailures Failures { get; } = new();

    /// <summary>Languages the fake's sentiment model supports; others get UnsupportedLanguageCode.</summary>
    public HashSet<string> Languages { get; } = ["en", "th"];

    public IReadOnlyList<JsonObject> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    public void Map(IEndpointRouteBuilder routes, string prefix = "") =>
        routes.MapPost(prefix + "/language/:analyze-text", (Func<HttpContext, Task<IResult>>)HandleAsync);

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        if (http.Request.Headers["Ocp-Apim-Subscription-Key"] != key)
        {
            return Error(401, "401", "Access denied due to invalid subscription key or wrong API endpoint.");
        }

        if (Failures.Take("analyze") is { } status)
        {
            return Error(status, status == 429 ? "429" : "InternalServerError", status == 429 ? "Rate limit is exceeded." : "Internal error.");
        }

        if (string.IsNullOrEmpty(http.Request.Query["api-version"]))
        {
            return Error(400, "InvalidRequest", "Missing required query parameter: api-version.");
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

        if (body is null)
        {
            return Error(400, "InvalidRequest", "Invalid request body.");
        }

        lock (_gate)
        {
            _requests.Add((JsonObject)body.DeepClone());
        }

        if ((string?)body["kind"] != "SentimentAnalysis")
        {
            return Error(400, "InvalidRequest", "Only SentimentAnalysis is served here.");
        }

        if (body["analysisInput"]?["documents"] is not JsonArray { Count: >= 1 and <= 10 } documents)
        {
            return Error(400, "InvalidRequest", "Between 1 and 10 documents are required.");
        }

        var results = new JsonArray();
        var errors = new JsonArray();
        foreach (var document in documents.OfType<JsonObject>())
        {
            var id = (string?)document["id"] ?? "";
            var text = (string?)document["text"] ?? "";
            var language = (string?)document["language"] ?? "en";
            if (text.Length is 0 or > 5120)
            {
                errors.Add(DocumentError(id, "InvalidDocument", "Document text is empty or over 5120 characters."));
            }
            else if (!Languages.Contains(language))
            {
                errors.Add(DocumentError(id, "UnsupportedLanguageCode", $"Invalid language code '{language}'."));
            }
            else
            {
                results.Add(Analyze(id, text));
            }
        }

        return Results.Json(new JsonObject
        {
            ["kind"] = "SentimentAnalysisResults",
            ["results"] = new JsonObject { ["documents"] = results, ["errors"] = errors, ["modelVersion"] = "2025-01-01" },
        });
    }

    private static JsonObject Analyze(string id, string text)
    {
        var lower = text.ToLowerInvariant();
        var negative = NegativeWords.Count(w => lower.Contains(w, StringComparison.Ordinal));
        var positive = PositiveWords.Count(w => lower.Contains(w, StringComparison.Ordinal));
        var (label, pos, neu, neg) = (negative, positive) switch
        {
            ( > 0, > 0) => ("mixed", 0.3, 0.1, 0.6),
            ( > 0, _) => ("negative", 0.02, 0.08, 0.9),
            (_, > 0) => ("positive", 0.9, 0.08, 0.02),
            _ => ("neutral", 0.05, 0.9, 0.05),
        };
        return new JsonObject
        {
            ["id"] = id,
            ["sentiment"] = label,
            ["confidenceScores"] = new JsonObject { ["positive"] = pos, ["neutral"] = neu, ["negative"] = neg },
            ["sentences"] = new JsonArray(),
            ["warnings"] = new JsonArray(),
        };
    }

    private static JsonObject DocumentError(string id, string code, string message) => new()
    {
        ["id"] = id,
        ["error"] = new JsonObject { ["code"] = "InvalidArgument", ["message"] = message, ["innererror"] = new JsonObject { ["code"] = code, ["message"] = message } },
    };

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, statusCode: status);
}
