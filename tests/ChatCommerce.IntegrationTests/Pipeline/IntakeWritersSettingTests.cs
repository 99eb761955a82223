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
    [InlineData("IntakeWriters", false, null, 1)]
    [InlineData("IntakeWriters", true, null, 2)]
    [InlineData("IntakeWriters", false, "3", 3)]
    [InlineData("IntakeWriters", true, "1", 1)]
    [InlineData("CommitGroup", false, null, 32)]
    [InlineData("CommitGroup", true, null, 64)]
    [InlineData("CommitGroup", true, "16", 16)]
    [InlineData("CommitGroup", false, "1", 1)]
    [InlineData("ShortDrainWorkers", false, null, 64)]
    [InlineData("ShortDrainWorkers", true, null, 128)]
    [InlineData("ShortDrainWorkers", true, "64", 64)]
    [InlineData("ShortDrainWorkers", false, "96", 96)]
    public void TheStoreChoosesUnlessTheSettingSays(string name, bool postgres, string? setting, int expected)
    {
        var options = Resolved(postgres, name, setting);
        int? resolved = name switch
        {
            "IntakeWriters" => options.IntakeWriters,
            "CommitGroup" => options.CommitGroup,
            "ShortDrainWorkers" => options.ShortDrainWorkers,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        Assert.Equal(expected, resolved);
    }

    /// <summary>The turns' slice is off unless set, and read as a time span when it is.</summary>
    [Theory]
    [InlineData(null, null)]
    [InlineData("00:00:00.00025", 250.0)]
    [InlineData("00:00:00.001", 1000.0)]
    public void TheTurnsSliceIsOffUnlessSet(string? setting, double? microseconds) =>
        Assert.Equal(microseconds, Resolved(postgres: true, "TurnSlice", setting).TurnSlice?.TotalMicroseconds);

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
