using System.Diagnostics;
using System.Text;

namespace ChatCommerce.FakePlatforms;

/// <summary>Posts a signed webhook body and records how the receiver answered, with the platform's time-out.</summary>
internal static class WebhookSender
{
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public static async Task<WebhookAttempt> PostAsync(
        string url, byte[] body, string signatureHeader, string signature, TimeSpan timeout, IReadOnlyList<string> eventIds, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(signatureHeader, signature);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await Http.SendAsync(request, timeoutSource.Token);
            var text = await response.Content.ReadAsStringAsync(timeoutSource.Token);
            return new WebhookAttempt(response.StatusCode, watch.Elapsed, false, text, eventIds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(null, watch.Elapsed, true, "request_timeout", eventIds);
        }
        catch (HttpRequestException ex)
        {
            return new WebhookAttempt(null, watch.Elapsed, false, "could_not_connect: " + ex.Message, eventIds);
        }
    }

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
