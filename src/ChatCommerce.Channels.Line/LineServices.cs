using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatCommerce.Channels.Line;

public static class LineServices
{
    public static IServiceCollection AddLineChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LineOptions>(configuration.GetSection(LineOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<LineApiClient>().AddPlatformResilience("line");
        services.AddKeyedTransient<IChannelGateway, LineChannelGateway>(Channel.Line);
        services.AddKeyedTransient<IProfileSource, LineProfileSource>(Channel.Line);
        services.AddKeyedTransient<Domain.Payments.IChannelMedia, LineChannelMedia>(Channel.Line);
        return services;
    }
}
