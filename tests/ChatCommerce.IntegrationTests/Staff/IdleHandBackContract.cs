using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Production;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Staff;

/// <summary>The idle hand-back's queue on each database: the longest waiting conversations first, each once.</summary>
public abstract class IdleHandBackContract : ProviderContract
{
    [Fact]
    public async Task TheIdleHandBackTakesTheLongestWaitingConversationsFirstEachOnce()
    {
        var now = DateTimeOffset.UtcNow;
        // Twelve conversations asked for staff between 3 and 14 hours ago, stored in no order of time.
        var hoursAgo = new[] { 7, 3, 12, 5, 9, 14, 4, 11, 6, 13, 8, 10 };
        static string Key(int hours) => "line:U00000000000000000000000000000" + hours.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        await Host.QueryAsync(async db =>
        {
            db.Handoffs.AddRange(hoursAgo.Select(h => new HandoffRecord { Conversation = Key(h), RequestedAtMs = now.AddHours(-h).ToUnixTimeMilliseconds(), Reason = "test" }));
            // A second open request for one of them (two instances asked at once): still one conversation, at its first request.
            db.Handoffs.Add(new HandoffRecord { Conversation = Key(14), RequestedAtMs = now.AddHours(-3).ToUnixTimeMilliseconds(), Reason = "test" });
            return await db.SaveChangesAsync();
        });

        await using var scope = Host.Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<IHandoffQueue>();

        Assert.Equal([Key(14), Key(13), Key(12), Key(11), Key(10)], (await queue.IdleAsync(now.AddHours(-2), 5, CancellationToken.None)).Select(k => k.ToString()));
        Assert.Equal(hoursAgo.OrderDescending().Select(Key), (await queue.IdleAsync(now.AddHours(-2), 100, CancellationToken.None)).Select(k => k.ToString()));
    }
}

public sealed class SqliteIdleHandBackTests : IdleHandBackContract
{
    protected override Task<IDictionary<string, string?>> SettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());
}

[Collection(ProductionCollection.Name)]
public sealed class PostgresIdleHandBackTests(ProductionServers servers) : IdleHandBackContract
{
    protected override async Task<IDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync() };
}
