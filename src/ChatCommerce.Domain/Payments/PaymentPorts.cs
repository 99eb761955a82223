namespace ChatCommerce.Domain.Payments;

/// <summary>What a slip-verification provider read from a slip.</summary>
/// <param name="Readable">False: the provider could not read it as a slip (staff decide).</param>
/// <param name="AmountSatang">The amount transferred.</param>
/// <param name="Receiver">The account or PromptPay id that received it, as the provider reports it.</param>
/// <param name="ReceiverMatches">The provider says the receiver is the shop (null: it cannot tell).</param>
/// <param name="TransactionReference">The bank's reference: one transfer, one slip.</param>
/// <param name="AlreadyUsed">The provider has seen this transfer verified before.</param>
public sealed record SlipCheck(bool Readable, long? AmountSatang, string? Receiver, bool? ReceiverMatches, string? TransactionReference, bool AlreadyUsed, string? Message);

/// <summary>A slip-verification service (amount, receiver, transaction reference, reuse).</summary>
public interface ISlipVerifier
{
    /// <summary>False when no provider is configured: staff check every slip.</summary>
    bool IsConfigured { get; }

    /// <summary>Null when the provider could not be reached or answered nonsense (staff decide).</summary>
    Task<SlipCheck?> CheckAsync(byte[] picture, string contentType, long expectedSatang, string? receiver, CancellationToken cancellationToken);
}

/// <summary>A hosted payment page (Stripe Checkout) for an order.</summary>
public sealed record CheckoutSession(string Id, string Url);

public sealed record CheckoutRequest(string OrderNumber, long AmountSatang, string Description, string Locale, DateTimeOffset ExpiresAt, string IdempotencyKey);

/// <summary>Card payments through a hosted checkout page.</summary>
public interface ICardCheckout
{
    bool IsConfigured { get; }

    Task<CheckoutSession> CreateAsync(CheckoutRequest request, CancellationToken cancellationToken);
}

/// <summary>A picture or file a shopper sent, fetched from their platform.</summary>
public sealed record MediaContent(byte[] Bytes, string ContentType)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Lower-case hex SHA-256 of the bytes: what names a stored picture.</summary>
    public string Sha256() => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Bytes));
}

/// <summary>Fetches what a shopper sent (LINE content API, Messenger attachment URL).</summary>
public interface IChannelMedia
{
    Messaging.Channel Channel { get; }

    /// <summary>Null when the event carries nothing this channel can fetch.</summary>
    Task<MediaContent?> DownloadAsync(Messaging.InboundEvent message, long maxBytes, CancellationToken cancellationToken);
}

public static class ChannelMediaExtensions
{
    /// <summary>
    /// The picture a shopper sent, from the platform of its channel (<paramref name="source"/>, that
    /// channel's media): null when no source serves the channel, the event carries nothing to
    /// fetch, or what came is not an image. Platform failures are the caller's to catch and log.
    /// </summary>
    public static async Task<MediaContent?> PictureAsync(this IChannelMedia? source, Messaging.InboundEvent message, long maxBytes, CancellationToken cancellationToken) =>
        source is not null && await source.DownloadAsync(message, maxBytes, cancellationToken) is { IsImage: true } picture
            ? picture
            : null;
}
