using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ChatCommerce.Domain.Staff;
using ChatCommerce.IntegrationTests.Production;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace ChatCommerce.IntegrationTests.Customers;

/// <summary>
/// A customer known through every path (two channels merged, checkout, complaint, hand-off, staff
/// note, audit, owner's notes) is erased: then no table, no database file and no Redis key holds
/// their name, phone or user ids. Orders stay, blanked.
/// </summary>
public abstract class ErasureContract : ProviderContract
{
    private const string Name = "Kanokwan Zyxwerasable";
    private const string Phone = "0899912345";
    private const string LineUser = "U9e7a5e0000000000000000000000e7a5";
    private const string Psid = "7099887766554433";

    /// <summary>Every file the database keeps its data in.</summary>
    protected abstract Task<IReadOnlyList<string>> DatabaseFilesAsync();

    /// <summary>What the database needs before its files are clean (PostgreSQL: the scrub, nightly or asked for).</summary>
    protected virtual Task AfterErasureAsync(HttpClient owner) => Task.CompletedTask;

    /// <summary>What a database file holds (PostgreSQL: the relation), for a failure's message.</summary>
    protected virtual Task<string> DescribeAsync(string file) => Task.FromResult(file);

    /// <summary>Every Redis key's name and content, when there is a Redis.</summary>
    protected virtual Task<IReadOnlyList<string>> RedisContentAsync() => Task.FromResult<IReadOnlyList<string>>([]);

    private Task<bool> SettledAsync() => Host.QueryAsync(async db =>
        await db.Inbox.AllAsync(r => r.Status != "Pending") && await db.Outbox.AllAsync(r => r.Status != "Pending"));

    private static readonly string[] Needles = [Name, "Zyxwerasable", Phone, "089-991-2345", LineUser, Psid];

    [Fact]
    public async Task AnErasedCustomerIsInNoTableNoDatabaseFileAndNoRedisKey()
    {
        using var owner = Owner();

        // LINE: a greeting by name, a checkout with name, phone and address, then a complaint that goes to staff.
        var line = new LineDriver(Fakes, LineUser, SettledAsync);
        await line.CheckoutAsync("โอนเข้าบัญชี", name: Name, phone: "089-991-2345");
        await line.SayAndReadAsync($"ของแตกมาค่ะ แย่มาก ฉัน {Name} โทร {Phone} อยากได้เงินคืน");
        // Messenger: the same person, merged into the LINE customer.
        var messenger = new MessengerDriver(Fakes, Psid, SettledAsync);
        messenger.AddUser("Kanokwan", "th");
        await messenger.SayAndReadAsync($"สวัสดีค่ะ {Name} เองค่ะ");
        var customers = await Host.QueryAsync(db => db.Contacts.AsNoTracking().Where(k => k.UserId == LineUser || k.UserId == Psid).ToDictionaryAsync(k => k.UserId, k => k.CustomerId!));
        await Host.QueryAsync(async db =>
        {
            await db.Contacts.Where(k => k.UserId == Psid).ExecuteUpdateAsync(u => u.SetProperty(k => k.CustomerId, customers[LineUser]));
            return await db.Customers.Where(c => c.Id == customers[Psid]).ExecuteUpdateAsync(u => u.SetProperty(c => c.MergedIntoId, customers[LineUser]));
        });
        var id = customers[LineUser];

        // Staff: take over, a note, the owner's notes on the customer.
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/v1/conversations/messenger/{Psid}/takeover", new { staff = "Nok" })).StatusCode);
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IStaffNotes>().AddAsync("line:" + LineUser, "console:1 (Nok)", $"{Name} โทรมาจาก {Phone}", default);
        }

        Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsJsonAsync($"/api/v1/customers/{id}", new { notes = $"เบอร์สำรอง {Phone}" })).StatusCode);

        // A broadcast reached them (it keeps its figures, not who they were).
        await Host.QueryAsync(db => db.Customers.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Consent, Domain.Customers.ConsentStatuses.Granted)));
        var broadcast = await owner.PostAsJsonAsync("/api/v1/broadcasts", new { text = "ของใหม่มาแล้วค่ะ" });
        Assert.Equal(HttpStatusCode.Accepted, broadcast.StatusCode);
        var broadcastUrl = broadcast.Headers.Location!.ToString();
        await Eventually.TrueAsync(async () => (string)(await owner.GetFromJsonAsync<JsonObject>(broadcastUrl))!["status"]! == "done");
        await Eventually.TrueAsync(SettledAsync);
        var order = await Host.QueryAsync(db => db.Orders.AsNoTracking().SingleAsync());
        Assert.Equal(Name, order.CustomerName);
        Assert.NotEmpty(await HitsInTablesAsync());
        Assert.True(await Host.QueryAsync(db => db.Cases.AnyAsync()));
        Assert.True(await Host.QueryAsync(db => db.Handoffs.AnyAsync()));

        var erased = await owner.DeleteAsync($"/api/v1/customers/{id}");
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var report = (await erased.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(2, (int)report["identities"]!);
        await AfterErasureAsync(owner);

        Assert.Empty(await HitsInTablesAsync());
        Assert.Equal(1, (int)(await owner.GetFromJsonAsync<JsonObject>(broadcastUrl))!["recipients"]!);
        var inFiles = new List<string>();
        foreach (var file in await DatabaseFilesAsync())
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var needle in Needles.Where(n => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(n)) >= 0))
            {
                inFiles.Add($"{needle} in {await DescribeAsync(file)}");
            }
        }

        Assert.True(inFiles.Count == 0, string.Join("\n", inFiles));

        foreach (var content in await RedisContentAsync())
        {
            Assert.DoesNotContain(Needles, content.Contains);
        }

        // The order stays for the shop's accounts, without whose it was.
        var kept = await Host.QueryAsync(db => db.Orders.AsNoTracking().SingleAsync());
        Assert.Equal((order.Number, order.TotalSatang, "", "", ""), (kept.Number, kept.TotalSatang, kept.CustomerName, kept.Phone, kept.Address));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/v1/customers/{id}")).StatusCode);
        Assert.Empty((await owner.GetFromJsonAsync<JsonArray>("/api/v1/customers?q=" + LineUser))!);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.DeleteAsync($"/api/v1/customers/{id}")).StatusCode);
        Assert.True(await Host.QueryAsync(db => db.AuditLog.AnyAsync(e => e.Action == AuditActions.CustomerErased && e.Actor == "api")));

        // The shop goes on: the same LINE user writing again is a new customer, greeted afresh.
        await line.SayAndReadAsync("สวัสดีค่ะ");
        Assert.NotEqual(id, await Host.QueryAsync(db => db.Contacts.Where(k => k.UserId == LineUser).Select(k => k.CustomerId).SingleAsync()));
    }

    /// <summary>Every text cell of every table (read through the database's own catalogue) that holds a needle.</summary>
    private async Task<List<string>> HitsInTablesAsync()
    {
        return await Host.QueryAsync(async db =>
        {
            var hits = new List<string>();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = db.Database.IsSqlite()
                    ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                    : "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog','information_schema') AND table_type = 'BASE TABLE'";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            Assert.Contains(tables, t => t.EndsWith("touchpoints", StringComparison.Ordinal));
            foreach (var table in tables)
            {
                await using var read = connection.CreateCommand();
                read.CommandText = $"SELECT * FROM {table}";
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var value = reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] blob ? Encoding.UTF8.GetString(blob) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                        hits.AddRange(Needles.Where(n => value.Contains(n, StringComparison.Ordinal)).Select(n => $"{table}.{reader.GetName(i)}: {n}"));
                    }
                }
            }

            return hits;
        });
    }
}

public sealed class SqliteErasureTests : ErasureContract
{
    protected override Task<IDictionary<string, string?>> SettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());

    protected override Task<IReadOnlyList<string>> DatabaseFilesAsync() =>
        Task.FromResult<IReadOnlyList<string>>(Directory.GetFiles(Host.DataDirectory).Where(f => f.Contains(".db", StringComparison.Ordinal)).ToList());
}

[Collection(ProductionCollection.Name)]
public sealed class PostgresErasureTests(ProductionServers servers) : ErasureContract
{
    private string _prefix = "";

    protected override async Task<IDictionary<string, string?>> SettingsAsync()
    {
        _prefix = "cc-" + Guid.NewGuid().ToString("N")[..6] + ":";
        return new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await servers.Postgres.CreateDatabaseAsync(),
            ["ConnectionStrings:Redis"] = servers.Redis.ConnectionString,
            ["ChatCommerce:Redis:KeyPrefix"] = _prefix,
        };
    }

    /// <summary>The relation files of this test's database (base/&lt;oid&gt;), after a checkpoint wrote every page out.</summary>
    protected override Task<IReadOnlyList<string>> DatabaseFilesAsync() => Host.QueryAsync<IReadOnlyList<string>>(async db =>
    {
        await db.Database.ExecuteSqlRawAsync("CHECKPOINT");
        var oid = await db.Database.SqlQueryRaw<long>("SELECT oid::bigint AS \"Value\" FROM pg_database WHERE datname = current_database()").SingleAsync();
        return Directory.GetFiles(Path.Combine(servers.Postgres.DataDirectory, "base", oid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    });

    protected override async Task AfterErasureAsync(HttpClient owner)
    {
        var scrub = await owner.PostAsync("/api/v1/privacy/scrub", null);
        Assert.Equal(HttpStatusCode.OK, scrub.StatusCode);
        Assert.True((bool)(await scrub.Content.ReadFromJsonAsync<JsonObject>())!["wasPending"]!);
    }

    protected override Task<string> DescribeAsync(string file) => Host.QueryAsync(async db =>
    {
        var node = Path.GetFileName(file).Split('_', '.')[0];
        var names = await db.Database.SqlQueryRaw<string>("SELECT relname::text AS \"Value\" FROM pg_class WHERE relfilenode::text = {0}", node).ToListAsync();
        return file + " (" + string.Join(",", names) + ")";
    });

    protected override async Task<IReadOnlyList<string>> RedisContentAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.ConnectionString);
        var db = redis.GetDatabase();
        var content = new List<string>();
        foreach (var server in redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: "*"))
            {
                var text = (string)key!;
                text += (await db.KeyTypeAsync(key)) switch
                {
                    RedisType.String => " " + await db.StringGetAsync(key),
                    RedisType.Hash => " " + string.Join(" ", await db.HashGetAllAsync(key)),
                    RedisType.List => " " + string.Join(" ", await db.ListRangeAsync(key)),
                    RedisType.Set => " " + string.Join(" ", await db.SetMembersAsync(key)),
                    RedisType.SortedSet => " " + string.Join(" ", await db.SortedSetRangeByRankAsync(key)),
                    _ => "",
                };
                content.Add(text);
            }
        }

        Assert.Contains(content, c => c.StartsWith(_prefix, StringComparison.Ordinal));
        return content;
    }
}
