namespace ChatCommerce.IntegrationTests.Support;

/// <summary>A test class with its own fake platforms and its own host (embedded default mode).</summary>
public abstract class HostedTest : IAsyncLifetime
{
    protected FakePlatformServer Fakes { get; private set; } = null!;

    protected TestHost Host { get; set; } = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>The host has finished every event it took in and sent everything it stored to send.</summary>
    protected async Task<bool> SettledAsync() =>
        (await Host.InboxAsync()).All(r => r.Status != "Pending") && (await Host.OutboxAsync()).All(r => r.Status != "Pending");

    public virtual async Task InitializeAsync()
    {
        Fakes = await FakePlatformServer.StartAsync();
        Host = await TestHost.StartAsync(Fakes, Settings);
    }

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Fakes.DisposeAsync();
    }
}
