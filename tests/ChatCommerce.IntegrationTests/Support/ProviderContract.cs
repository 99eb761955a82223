namespace ChatCommerce.IntegrationTests.Support;

/// <summary>
/// A test class written once and run per database: each subclass gives the host's settings
/// (nothing for SQLite, a database of its own on the shared PostgreSQL). The owner API is on.
/// </summary>
public abstract class ProviderContract : IAsyncLifetime
{
    public const string OwnerKey = "test-owner-key-0123456789";

    protected FakePlatformServer Fakes { get; private set; } = null!;

    protected TestHost Host { get; private set; } = null!;

    protected abstract Task<IDictionary<string, string?>> SettingsAsync();

    public async Task InitializeAsync()
    {
        Fakes = await FakePlatformServer.StartAsync();
        var settings = await SettingsAsync();
        settings["ChatCommerce:Admin:ApiKey"] = OwnerKey;
        Host = await TestHost.StartAsync(Fakes, settings);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Fakes.DisposeAsync();
    }

    /// <summary>A client of the owner API with the bearer key.</summary>
    protected HttpClient Owner() => Host.OwnerClient(OwnerKey);
}
