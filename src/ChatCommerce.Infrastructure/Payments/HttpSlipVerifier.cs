using System.Net.Http.Headers;
using System.Text.Json;
using ChatCommerce.Domain.Payments;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Payments;

/// <summary>
/// A slip-verification provider over HTTP: the slip is posted as <c>multipart/form-data</c>
/// (field <c>slip</c>, with <c>amount</c> in satang and the shop's <c>receiver</c> id), with the
/// key as a bearer token; the answer is JSON <c>{ readable, amountSatang, receiver,
/// receiverMatches, transactionRef, alreadyUsed, message }</c>. Thai slip services differ in their
/// own formats; an adapter in front of one maps it to this. Any failure means "staff decide".
/// </summary>
public sealed class HttpSlipVerifier(HttpClient http, IOptionsMonitor<PaymentOptions> options) : ISlipVerifier
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.CurrentValue.SlipVerification.Url);

    public async Task<SlipCheck?> CheckAsync(byte[] picture, string contentType, long expectedSatang, string? receiver, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue.SlipVerification;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(settings.TimeoutSeconds, 1, 60)));
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(picture);
        file.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "slip", "slip" + (contentType.Contains("png", StringComparison.OrdinalIgnoreCase) ? ".png" : ".jpg"));
        form.Add(new StringContent(expectedSatang.ToString(System.Globalization.CultureInfo.InvariantCulture)), "amount");
        if (receiver is { Length: > 0 })
        {
            form.Add(new StringContent(receiver), "receiver");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = form };
        if (settings.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await http.SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var answer = await JsonSerializer.DeserializeAsync<Answer>(await response.Content.ReadAsStreamAsync(timeout.Token), Json, timeout.Token);
        return answer is null
            ? null
            : new SlipCheck(answer.Readable, answer.AmountSatang, answer.Receiver, answer.ReceiverMatches, answer.TransactionRef, answer.AlreadyUsed, answer.Message);
    }

    private sealed record Answer(bool Readable, long? AmountSatang, string? Receiver, bool? ReceiverMatches, string? TransactionRef, bool AlreadyUsed, string? Message);
}
