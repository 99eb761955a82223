using ChatCommerce.Infrastructure.Data;
using ChatCommerce.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.IntegrationTests.Support;

/// <summary>The real ChatCommerce host on a loopback port, wired to the fake platforms.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDir;
    private bool _keepData;

    private TestHost(WebApplication app, string dataDir, string baseUrl)
    {
        _app = app;
        _dataDir = dataDir;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public string DataDirectory => _dataDir;

    /// <param name="services">Replacements for the product's services (registered after them).</param>
    /// <param name="dataDir">Where SQLite keeps its file; a fresh folder unless a test restarts a host on the same data.</param>
    public static async Task<TestHost> StartAsync(FakePlatformServer fakes, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? dataDir = null)
    {
        var keep = dataDir is not null;
        dataDir ??= Path.Combine(Path.GetTempPath(), "cc-host-" + Guid.NewGuid().ToString("N")[..8]);
        var config = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ChatCommerce:DataDirectory"] = dataDir,
            // Every shopper nudged, unless a test says otherwise: which random customer falls in the holdout is chance.
            ["ChatCommerce:Promotions:HoldoutPercent"] = "0",
            // Tests share one process and its compiled code: a warm-up in every host would only
            // compete with the tests for the cores (CodeWarmUpTests turns it on).
            ["ChatCommerce:Runtime:CompileAtStart"] = "false",
            ["ChatCommerce:Language:ModelDirectory"] = Path.Combine(Path.GetTempPath(), "cc-models-tests"),
            ["ChatCommerce:Line:ChannelSecret"] = fakes.Line.Options.ChannelSecret,
            ["ChatCommerce:Line:ChannelAccessToken"] = fakes.Line.Options.ChannelAccessToken,
            ["ChatCommerce:Line:ApiBaseUrl"] = fakes.LineApiBaseUrl,
            ["ChatCommerce:Line:DataApiBaseUrl"] = fakes.LineApiBaseUrl,
            ["ChatCommerce:Messenger:AppSecret"] = fakes.Messenger.Options.AppSecret,
            ["ChatCommerce:Messenger:PageAccessToken"] = fakes.Messenger.Options.PageAccessToken,
            ["ChatCommerce:Messenger:VerifyToken"] = fakes.Messenger.Options.VerifyToken,
            ["ChatCommerce:Messenger:AppId"] = fakes.Messenger.Options.AppId,
            ["ChatCommerce:Messenger:PageId"] = fakes.Messenger.Options.PageId,
            ["ChatCommerce:Messenger:GraphApiBaseUrl"] = fakes.GraphApiBaseUrl,
            ["ChatCommerce:Messenger:AttachmentHosts:0"] = fakes.BaseUrl,
            // The shop takes PromptPay and bank transfers besides cash on delivery.
            ["ChatCommerce:Payments:PromptPayId"] = "0812345678",
            ["ChatCommerce:Payments:Transfer:BankName"] = "Kasikornbank",
            ["ChatCommerce:Payments:Transfer:AccountNumber"] = "123-4-56789-0",
            ["ChatCommerce:Payments:Transfer:AccountName"] = "ChatCommerce Demo Co.",
            // Card payments through the fake Stripe; a slip-verification provider only where a test
            // names it ("{fakes}" in a setting stands for the fake servers' address).
            ["ChatCommerce:Payments:Stripe:SecretKey"] = fakes.Stripe.SecretKey,
            ["ChatCommerce:Payments:Stripe:WebhookSecret"] = fakes.Stripe.WebhookSecret,
            ["ChatCommerce:Payments:Stripe:ApiBase"] = fakes.StripeApiBase,
            ["ChatCommerce:Payments:SlipVerification:ApiKey"] = fakes.SlipVerifier.ApiKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value?.Replace("{fakes}", fakes.BaseUrl, StringComparison.Ordinal);
        }

        var app = ChatCommerceApp.Build(
            [],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(config);
                builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            },
            services);
        await app.StartAsync();

        // The language models train (or load from the shared cache) in the background after start;
        // a test's first turn must not spend its time limit waiting for them.
        if (app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ChatCommerce.Language.ModelWarmUp>().SingleOrDefault()?.ExecuteTask is { } warmUp)
        {
            await warmUp.WaitAsync(TimeSpan.FromMinutes(3));
        }

        var baseUrl = app.Urls.First().TrimEnd('/');
        fakes.Line.Options.WebhookUrl = baseUrl + "/webhooks/line";
        fakes.Messenger.Options.WebhookUrl = baseUrl + "/webhooks/messenger";
        fakes.Stripe.WebhookUrl = baseUrl + "/webhooks/stripe";
        var host = new TestHost(app, dataDir, baseUrl) { _keepData = keep };
        // A fresh host's first webhook pays for compiling its path, and LINE gives it 2 s, which a
        // loaded machine has missed. LINE's "verify" webhook (signed, no events), posted raw so the
        // fake records no delivery a test could see, takes that cost before a test begins.
        var verify = "{\"destination\":\"warm-up\",\"events\":[]}"u8.ToArray();
        await fakes.Line.PostRawAsync(verify, ChatCommerce.Channels.Line.LineSignature.Compute(fakes.Line.Options.ChannelSecret, verify));
        return host;
    }

    public async Task<T> QueryAsync<T>(Func<ChatCommerceDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ChatCommerceDbContext>());
    }

    /// <summary>A client of the owner API with this bearer key (the host's <c>ChatCommerce:Admin:ApiKey</c>).</summary>
    public HttpClient OwnerClient(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public Task<List<InboxRecord>> InboxAsync() => QueryAsync(db => db.Inbox.AsNoTracking().OrderBy(x => x.Id).ToListAsync());

    public Task<List<OutboxRecord>> OutboxAsync() => QueryAsync(db => db.Outbox.AsNoTracking().OrderBy(x => x.Id).ToListAsync());

    public Task<List<InteractionRecord>> InteractionsAsync() => QueryAsync(db => db.Interactions.AsNoTracking().OrderBy(x => x.Id).ToListAsync());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_keepData && Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
