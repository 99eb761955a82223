using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.Language;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Language;

/// <summary>What the host does at start so that its first shoppers do not pay for first use.</summary>
public sealed class WarmUpTests : HostedTest
{
    [Fact]
    public void TheProductLexiconIsBuiltBeforeTheFirstMessage()
    {
        // TestHost waits for the warm-up; no message has been delivered.
        Assert.Empty(Fakes.Line.Sent);
        Assert.NotNull(Host.Services.GetRequiredService<ProductLexiconCache>().BuiltAt);
    }
}
