using ChatCommerce.Conversations;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>
/// How many intake writes may be in flight, how many turns a commit group holds and how many
/// conversations are drained at once while drains are short: chosen by the store unless the
/// setting says.
/// </summary>
public sealed class IntakeWritersSettingTests
{
    [Theory]
    [InlineData(false, null, 1)]
    [InlineData(true, null, 2)]
    [InlineData(false, "3", 3)]
    [InlineData(true, "1", 1)]
    public void TheStoreChoosesUnlessTheSettingSays(bool postgres, string? setting, int expected) =>
        Assert.Equal(expected, Resolved(postgres, "IntakeWriters", setting).IntakeWriters);

    [Theory]
    [InlineData(false, null, 32)]
    [InlineData(true, null, 64)]
    [InlineData(true, "16", 16)]
    [InlineData(false, "1", 1)]
    public void TheStoreChoosesTheCommitGroupUnlessTheSettingSays(bool postgres, string? setting, int expected) =>
        Assert.Equal(expected, Resolved(postgres, "CommitGroup", setting).CommitGroup);

    [Theory]
    [InlineData(false, null, 64)]
    [InlineData(true, null, 128)]
    [InlineData(true, "64", 64)]
    [InlineData(false, "96", 96)]
    public void TheStoreChoosesTheDrainsAtOnceWhileDrainsAreShortUnlessTheSettingSays(bool postgres, string? setting, int expected) =>
        Assert.Equal(expected, Resolved(postgres, "ShortDrainWorkers", setting).ShortDrainWorkers);

    private static PipelineOptions Resolved(bool postgres, string name, string? setting)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ChatCommerce:DataDirectory"] = Directory.CreateTempSubdirectory("cc-writers-").FullName,
            ["ChatCommerce:Pipeline:" + name] = setting,
        };
        if (postgres)
        {
            // Only registered, never opened.
            settings["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddChatCommerceConversations(configuration);
        services.AddChatCommerceInfrastructure(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PipelineOptions>>().Value;
    }
}
