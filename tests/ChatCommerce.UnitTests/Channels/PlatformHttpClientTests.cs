using System.Net;
using System.Net.Sockets;
using ChatCommerce.Channels.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.UnitTests.Channels;

/// <summary>The HTTP client every platform call goes through: it follows no redirect and keeps no cookie.</summary>
public sealed class PlatformHttpClientTests
{
    [Fact]
    public async Task ARedirectIsHandedBackAndACookieIsNeverSentBack()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var cookies = new List<string?>();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await listener.GetContextAsync();
                cookies.Add(context.Request.Headers["Cookie"]);
                context.Response.StatusCode = 302;
                context.Response.RedirectLocation = $"http://127.0.0.1:{port}/elsewhere";
                context.Response.Headers.Add("Set-Cookie", "session=abc; Path=/");
                context.Response.Close();
            }
        });

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddHttpClient("platform").AddPlatformResilience("platform");
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("platform");

        using (var first = await client.PostAsync($"http://127.0.0.1:{port}/v2/bot/message/reply", new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        }

        using (var second = await client.PostAsync($"http://127.0.0.1:{port}/v2/bot/message/reply", new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.Found, second.StatusCode);
        }

        await serving.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([null, null], cookies);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
