namespace ChatCommerce.Domain.Replies;

/// <summary>Sends channel-neutral messages through one platform's API.</summary>
public interface IChannelGateway
{
    Messaging.Channel Channel { get; }

    Task<SendOutcome> SendAsync(OutboundContext context, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken);

    /// <summary>Shows "typing…" / the loading animation while the bot works. Best effort.</summary>
    Task ShowTypingAsync(OutboundContext context, CancellationToken cancellationToken);
}
