using ChatCommerce.FakePlatforms;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.Web.Health;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Production;

/// <summary>The host compiles the product's own code after start, from every one of its assemblies, and still answers.</summary>
public sealed class CodeWarmUpTests
{
    [Fact]
    public async Task TheHostCompilesEveryAssemblyOfTheProductAfterStart()
    {
        await using var fakes = await FakePlatformServer.StartAsync();
        var before = System.Runtime.JitInfo.GetCompiledMethodCount();
        await using var host = await TestHost.StartAsync(fakes, new Dictionary<string, string?> { [CodeWarmUp.Setting] = "true" });
        var warmUp = host.Services.GetRequiredService<CodeWarmUp>();

        await warmUp.Finished.WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Superset(
            new HashSet<string> { "ChatCommerce.Web", "ChatCommerce.Domain", "ChatCommerce.Conversations", "ChatCommerce.Dialogs", "ChatCommerce.Language", "ChatCommerce.Infrastructure", "ChatCommerce.Channels.Line", "ChatCommerce.Channels.Messenger" },
            warmUp.Assemblies.ToHashSet());
        Assert.InRange(warmUp.Compiled, 5_000, int.MaxValue);
        // Tests share the process: most methods may have been compiled by earlier tests already, so
        // only that the runtime compiled more is asked, not how many more.
        Assert.True(System.Runtime.JitInfo.GetCompiledMethodCount() > before);
        const string user = "U00000000000000000000000000000c01";
        await fakes.Line.DeliverAsync(fakes.Line.TextEvent(user, "สวัสดีครับ"));
        await Eventually.ValueAsync(() => fakes.Line.SentTo(user), s => s.Count >= 1, what: "a reply after the warm-up");
    }
}
