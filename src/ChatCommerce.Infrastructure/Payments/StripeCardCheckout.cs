using ChatCommerce.Domain.Payments;
using ChatCommerce.Domain.Shop;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace ChatCommerce.Infrastructure.Payments;

/// <summary>
/// Card (and PromptPay) through Stripe Checkout with Stripe.net: one Checkout Session per
/// attempt, in baht for the order's exact total, carrying the order number in
/// <c>client_reference_id</c> and <c>metadata.order_number</c>. The request's idempotency key makes a
/// repeated create (a turn run again) return the same session. The API base is configurable so
/// tests use a local fake.
/// </summary>
public sealed class StripeCardCheckout(IHttpClientFactory http, IOptionsMonitor<PaymentOptions> payments, IOptionsMonitor<ShopOptions> shop) : ICardCheckout
{
    public const string HttpClientName = "stripe";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(payments.CurrentValue.Stripe.SecretKey);

    public async Task<CheckoutSession> CreateAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        var stripe = payments.CurrentValue.Stripe;
        var client = new StripeClient(
            apiKey: stripe.SecretKey,
            httpClient: new SystemNetHttpClient(http.CreateClient(HttpClientName), maxNetworkRetries: 2),
            apiBase: stripe.ApiBase.TrimEnd('/'));
        var back = ReturnUrl(request.OrderNumber);
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = request.OrderNumber,
            Metadata = new Dictionary<string, string> { ["order_number"] = request.OrderNumber },
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string> { ["order_number"] = request.OrderNumber } },
            AllowedPaymentMethodTypes = stripe.PaymentMethodTypes.Count > 0 ? stripe.PaymentMethodTypes.ToList() : null,
            Locale = request.Locale == "th" ? "th" : "en",
            ExpiresAt = request.ExpiresAt.UtcDateTime,
            SuccessUrl = back + "&done=1",
            CancelUrl = back,
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = "thb",
                        UnitAmount = request.AmountSatang,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = request.Description },
                    },
                },
            ],
        };
        var session = await new SessionService(client).CreateAsync(options, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);
        return new CheckoutSession(session.Id, session.Url);
    }

    /// <summary>Where Stripe sends the shopper back: the shop's page that says to return to the chat.</summary>
    private string ReturnUrl(string orderNumber)
    {
        var root = shop.CurrentValue.PublicBaseUrl is { Length: > 0 } url ? url.TrimEnd('/') : "https://localhost";
        return $"{root}/pay/return?order={Uri.EscapeDataString(orderNumber)}";
    }
}

