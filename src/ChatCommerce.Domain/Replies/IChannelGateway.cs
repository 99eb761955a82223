namespace ChatCommerce.Domain.Replies;

/// <summary>Sends channel-neutral messages through one platform's API.</summary>
public interface IChannelGateway
{
    Messaging.Channel Channel { get; }

    /// <summary>
    /// One attempt to deliver the messages, resuming after <see cref="OutboundContext.Progress"/>.
    /// Never throws for platform or network failures: they come back as an outcome.
    /// </summary>
    Task<SendOutcome> SendAsync(OutboundContext context, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken);

    /// <summary>Shows "typing…" / the loading animation while the bot works. Best effort: never throws.</summary>
    Task ShowTypingAsync(OutboundContext context, CancellationToken cancellationToken);
}
