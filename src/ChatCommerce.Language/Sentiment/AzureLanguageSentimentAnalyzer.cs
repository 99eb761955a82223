using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatCommerce.Language.Entities;
using ChatCommerce.Language.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Language.Sentiment;

/// <summary>
/// Sentiment from Azure AI Language's REST API (<c>POST {endpoint}/language/:analyze-text</c>,
/// kind <c>SentimentAnalysis</c>). The shopper's words travel only as the document's text
/// value of a JSON body built by a serializer, so nothing they write can change the request, and
/// only after <see cref="PersonalData"/> masked phones, e-mails, ids and long numbers (an address
/// is not sent at all).
/// Any failure (network, 4xx/5xx, a document error such as an unsupported language) falls back
/// to the local model: sentiment is never lost because the service is.
/// </summary>
public sealed class AzureLanguageSentimentAnalyzer(
    HttpClient http,
    IOptionsMonitor<AzureLanguageOptions> options,
    LocalSentimentAnalyzer fallback,
    ILogger<AzureLanguageSentimentAnalyzer> logger) : ISentimentAnalyzer
{
    /// <summary>The synchronous API's limit on one document's text.</summary>
    public const int MaxDocumentLength = 5120;

    public async Task<SentimentResult> AnalyzeAsync(string text, string? language, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SentimentResult(SentimentResult.Neutral, 1);
        }

        if (EntityExtractor.LooksLikeAddress(text))
        {
            // An address (typed at checkout) stays on this machine.
            return fallback.Analyze(text);
        }

        var document = PersonalData.Mask(text);
        var current = options.CurrentValue;
        var body = new JsonObject
        {
            ["kind"] = "SentimentAnalysis",
            ["parameters"] = new JsonObject { ["modelVersion"] = "latest", ["opinionMining"] = false },
            ["analysisInput"] = new JsonObject
            {
                ["documents"] = new JsonArray(new JsonObject
                {
                    ["id"] = "1",
                    ["language"] = language is "en" ? "en" : "th",
                    ["text"] = document.Length > MaxDocumentLength ? document[..MaxDocumentLength] : document,
                }),
            },
        };
        var url = $"{current.Endpoint.TrimEnd('/')}/language/:analyze-text?api-version={Uri.EscapeDataString(current.ApiVersion)}";
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(current.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
            request.Headers.Add("Ocp-Apim-Subscription-Key", current.Key);
            using var response = await http.SendAsync(request, timeout.Token);
            var answer = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Azure AI Language answered {Status}: {Body}; using the local model", (int)response.StatusCode, Trim(answer));
                return fallback.Analyze(text);
            }

            return Read(answer) ?? LogAndFallBack(text, answer);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Azure AI Language unavailable; using the local model");
            return fallback.Analyze(text);
        }
    }

    private SentimentResult LogAndFallBack(string text, string answer)
    {
        logger.LogWarning("Azure AI Language gave no sentiment for the document: {Body}; using the local model", Trim(answer));
        return fallback.Analyze(text);
    }

    /// <summary>The document's sentiment; "mixed" becomes the strongest of negative, neutral, positive.</summary>
    private static SentimentResult? Read(string answer)
    {
        var root = JsonNode.Parse(answer);
        if (root?["results"]?["documents"] is not JsonArray { Count: > 0 } documents || documents[0] is not JsonObject document)
        {
            return null;
        }

        var scores = document["confidenceScores"];
        float Score(string label) => scores?[label] is JsonValue v && v.TryGetValue<double>(out var d) ? (float)d : 0f;
        var sentiment = (string?)document["sentiment"];
        if (sentiment is SentimentResult.Negative or SentimentResult.Neutral or SentimentResult.Positive)
        {
            return new SentimentResult(sentiment, Score(sentiment));
        }

        var best = SentimentResult.Labels.MaxBy(Score)!;
        return sentiment == "mixed" ? new SentimentResult(best, Score(best)) : null;
    }

    private static string Trim(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
