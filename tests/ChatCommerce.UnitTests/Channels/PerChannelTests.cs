using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Conversations;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.UnitTests.Channels;

/// <summary>A turn finds its channel's gateway, profile source, thread control and media download, and builds no other channel's.</summary>
public sealed class PerChannelTests
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    private static ServiceProvider Host(Action<IServiceCollection> channels)
    {
        var services = new ServiceCollection().AddLogging();
        channels(services);
        services.AddChatCommerceConversations(Empty);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    [Fact]
    public void EachChannelGetsItsOwnGatewayAndProfileSource()
    {
        using var host = Host(s => s.AddLineChannel(Empty).AddMessengerChannel(Empty));
        using var scope = host.CreateScope();
        var gateways = scope.ServiceProvider.GetRequiredService<PerChannel<IChannelGateway>>();
        var profiles = scope.ServiceProvider.GetRequiredService<PerChannel<IProfileSource>>();

        Assert.IsType<LineChannelGateway>(gateways.For(Channel.Line));
        Assert.IsType<MessengerChannelGateway>(gateways.For(Channel.Messenger));
        Assert.IsType<LineProfileSource>(profiles.For(Channel.Line));
        Assert.IsType<MessengerProfileSource>(profiles.For(Channel.Messenger));

        // Only Messenger passes threads between apps.
        var threads = scope.ServiceProvider.GetRequiredService<PerChannel<IThreadControl>>();
        Assert.IsType<MessengerThreadControl>(threads.For(Channel.Messenger));
        Assert.Null(threads.For(Channel.Line));

        var media = scope.ServiceProvider.GetRequiredService<PerChannel<Domain.Payments.IChannelMedia>>();
        Assert.IsType<LineChannelMedia>(media.For(Channel.Line));
        Assert.IsType<MessengerChannelMedia>(media.For(Channel.Messenger));
    }

    [Fact]
    public void AChannelThisHostDoesNotServeHasNone()
    {
        using var host = Host(s => s.AddLineChannel(Empty));
        using var scope = host.CreateScope();

        Assert.NotNull(scope.ServiceProvider.GetRequiredService<PerChannel<IChannelGateway>>().For(Channel.Line));
        Assert.Null(scope.ServiceProvider.GetRequiredService<PerChannel<IChannelGateway>>().For(Channel.Messenger));
        Assert.Null(scope.ServiceProvider.GetRequiredService<PerChannel<IProfileSource>>().For(Channel.Messenger));
    }

    [Fact]
    public void AskingForOneChannelBuildsNothingOfAnother()
    {
        var built = new List<Channel>();
        using var host = Host(s =>
        {
            s.AddKeyedTransient<IProfileSource>(Channel.Line, (_, _) => { built.Add(Channel.Line); return new NoProfile(Channel.Line); });
            s.AddKeyedTransient<IProfileSource>(Channel.Messenger, (_, _) => { built.Add(Channel.Messenger); return new NoProfile(Channel.Messenger); });
        });
        using var scope = host.CreateScope();
        var profiles = scope.ServiceProvider.GetRequiredService<PerChannel<IProfileSource>>();

        Assert.Equal(Channel.Line, profiles.For(Channel.Line)!.Channel);
        Assert.Equal([Channel.Line], built);
    }

    private sealed class NoProfile(Channel channel) : IProfileSource
    {
        public Channel Channel => channel;

        public Task<PlatformProfile?> GetAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<PlatformProfile?>(null);
    }
}
