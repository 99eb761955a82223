using ChatCommerce.Domain.Catalog;
using ChatCommerce.Language.Entities;
using ChatCommerce.Language.Intents;
using ChatCommerce.Language.Sentiment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Language;

/// <summary>
/// Trains or loads the models in the background at start, then runs a few messages through them
/// and builds the product lexicon, so the first shoppers do not wait for what a first use costs
/// (the models' prediction code generated and compiled, the catalog read and its query compiled:
/// about half a second of a core on the bench machine, spent inside its first load otherwise).
/// </summary>
public sealed class ModelWarmUp(IServiceProvider services, ILogger<ModelWarmUp> logger) : BackgroundService
{
    /// <summary>Thai and English, short and long (the long ones take the last-clause path).</summary>
    private static readonly string[] Samples =
    [
        "สวัสดีค่ะ",
        "ขอดูเสื้อยืดสีดำ 2 ตัว ราคาเท่าไหร่คะ",
        "hello, do you have black t-shirts in size M? how much are they",
        "thank you",
    ];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(async () =>
    {
        var started = DateTime.UtcNow;
        var intents = services.GetRequiredService<IntentClassifier>();
        var sentiment = services.GetRequiredService<LocalSentimentAnalyzer>();
        logger.LogInformation("Language models ready in {Seconds:0.0} s", (DateTime.UtcNow - started).TotalSeconds);
        try
        {
            // A host without a catalog (the command line) warms the models only.
            var catalog = services.GetService<ICatalogReader>();
            var entities = catalog is null ? null : new EntityExtractor(
                await services.GetRequiredService<ProductLexiconCache>().GetAsync(catalog, services.GetRequiredService<TimeProvider>(), stoppingToken));
            foreach (var sample in Samples)
            {
                intents.Predict(sample);
                sentiment.Analyze(sample);
                entities?.Extract(sample);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // A database not ready yet: the first message does this instead.
            logger.LogInformation("Warm-up of the catalog and the models' first use skipped: {Error}", ex.Message);
        }
    }, stoppingToken);
}
