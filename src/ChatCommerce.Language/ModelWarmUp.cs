using ChatCommerce.Language.Intents;
using ChatCommerce.Language.Sentiment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Language;

/// <summary>Trains or loads the models in the background at start, so the first shopper does not wait.</summary>
public sealed class ModelWarmUp(IServiceProvider services, ILogger<ModelWarmUp> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        var started = DateTime.UtcNow;
        services.GetRequiredService<IntentClassifier>();
        services.GetRequiredService<LocalSentimentAnalyzer>();
        logger.LogInformation("Language models ready in {Seconds:0.0} s", (DateTime.UtcNow - started).TotalSeconds);
    }, stoppingToken);
}
