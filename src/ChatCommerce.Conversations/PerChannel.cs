using ChatCommerce.Domain.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.Conversations;

/// <summary>
/// One channel's implementation of a per-channel port (its gateway, its profile source, its
/// thread control, its media download), each registered keyed by its <see cref="Channel"/>. Only the one asked for is built: a
/// LINE turn builds nothing of Messenger's, and no HTTP client of a channel the turn does not use.
/// </summary>
public sealed class PerChannel<T>(IServiceProvider services)
    where T : class
{
    /// <summary>The channel's implementation, or null when that channel is not configured in this host.</summary>
    public T? For(Channel channel) => services.GetKeyedService<T>(channel);
}
