using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Payments;

namespace ChatCommerce.Channels.Line;

/// <summary>Pictures and files LINE users send, from the data API by message id.</summary>
public sealed class LineChannelMedia(LineApiClient client) : IChannelMedia
{
    public Channel Channel => Channel.Line;

    public async Task<MediaContent?> DownloadAsync(InboundEvent message, long maxBytes, CancellationToken cancellationToken) =>
        message.MessageId is { Length: > 0 } id ? await client.GetContentAsync(id, maxBytes, cancellationToken) : null;
}
