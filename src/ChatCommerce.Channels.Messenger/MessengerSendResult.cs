namespace ChatCommerce.Channels.Messenger;

/// <summary>What the Send API said: a message id, or the Graph error.</summary>
public sealed record MessengerSendResult(string? MessageId, MessengerApiError? Error, int HttpStatus)
{
    /// <summary>How long Meta asked us to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool Succeeded => Error is null && HttpStatus is >= 200 and < 300;
}
