using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Payments;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Channels.Messenger;

/// <summary>
/// Pictures Messenger users send: the attachment's URL, fetched only from Meta's content hosts
/// (or those configured), so a URL in a webhook can never make the shop's server fetch from its
/// own network.
/// </summary>
public sealed class MessengerChannelMedia(HttpClient http, IOptionsMonitor<MessengerOptions> options) : IChannelMedia
{
    public Channel Channel => Channel.Messenger;

    public async Task<MediaContent?> DownloadAsync(InboundEvent message, long maxBytes, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(message.MediaUrl, UriKind.Absolute, out var url) || !IsAllowed(url, options.CurrentValue.AttachmentHosts))
        {
            return null;
        }

        // Redirects are followed here, each checked against the same hosts (the handler follows none).
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Options.Set(PlatformResilience.Endpoint, "content");
            request.Options.Set(PlatformResilience.Repeatable, true);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                url = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (!IsAllowed(url, options.CurrentValue.AttachmentHosts))
                {
                    return null;
                }

                continue;
            }

            if (!PlatformHttp.IsSuccess(response.StatusCode))
            {
                throw await PlatformHttp.ToExceptionAsync("Messenger", response, cancellationToken);
            }

            return await PlatformHttp.ReadMediaAsync(response, maxBytes, cancellationToken);
        }

        return null;
    }

    private const int MaxRedirects = 3;

    /// <summary>HTTPS on a listed host or its subdomain (fbcdn.net, fbsbx.com); a listed <c>http://</c> origin exactly.</summary>
    public static bool IsAllowed(Uri url, IEnumerable<string> hosts)
    {
        foreach (var entry in hosts)
        {
            if (Uri.TryCreate(entry, UriKind.Absolute, out var origin))
            {
                if (url.Scheme == origin.Scheme && url.Host.Equals(origin.Host, StringComparison.OrdinalIgnoreCase) && url.Port == origin.Port)
                {
                    return true;
                }
            }
            else if (url.Scheme == Uri.UriSchemeHttps
                && (url.Host.Equals(entry, StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith("." + entry, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
