using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatCommerce.Channels.Messenger;

public static class MessengerServices
{
    public static IServiceCollection AddMessengerChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MessengerOptions>(configuration.GetSection(MessengerOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<MessengerApiClient>().AddPlatformResilience("messenger", MessengerApiClient.IsRateLimited);
        services.AddKeyedTransient<IChannelGateway, MessengerChannelGateway>(Channel.Messenger);
        services.AddKeyedTransient<IProfileSource, MessengerProfileSource>(Channel.Messenger);
        services.AddKeyedTransient<IThreadControl, MessengerThreadControl>(Channel.Messenger);
        // The platform clients' handler follows no redirect; the media download follows its own, checked.
        services.AddHttpClient<MessengerChannelMedia>().AddPlatformResilience("messenger-media");
        services.AddKeyedTransient<Domain.Payments.IChannelMedia>(Channel.Messenger, (sp, _) => sp.GetRequiredService<MessengerChannelMedia>());
        return services;
    }
}
