using ChatCommerce.Domain.Understanding;
using ChatCommerce.Language.Intents;
using ChatCommerce.Language.Sentiment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Language;

public static class LanguageServices
{
    /// <summary>
    /// Intent classifier and sentiment analyser. The models of the product's training data ship in
    /// this assembly; models of other data are trained on first use and cached under
    /// <c>ChatCommerce:Language:ModelDirectory</c> (default <c>{DataDirectory}/models</c>).
    /// Sentiment uses Azure AI Language when <c>ChatCommerce:Language:Azure</c> is configured.
    /// <c>ChatCommerce:Language:UnderstandingCacheSize</c> (default 10,000; 0 turns it off) bounds how
    /// many recent texts' understandings are kept (local sentiment only).
    /// </summary>
    public static IServiceCollection AddChatCommerceLanguage(this IServiceCollection services, IConfiguration configuration)
    {
        var models = configuration["ChatCommerce:Language:ModelDirectory"]
            ?? Path.Combine(Path.GetFullPath(configuration["ChatCommerce:DataDirectory"] ?? "data"), "models");
        var threshold = configuration.GetValue("ChatCommerce:Language:IntentThreshold", 0.3f);
        services.Configure<AzureLanguageOptions>(configuration.GetSection(AzureLanguageOptions.Section));
        services.AddSingleton(_ => IntentClassifier.FromEmbeddedData(models, threshold));
        services.AddSingleton(_ => LocalSentimentAnalyzer.FromEmbeddedData(models));
        services.AddHttpClient<AzureLanguageSentimentAnalyzer>();
        services.AddTransient<ISentimentAnalyzer>(sp => sp.GetRequiredService<IOptionsMonitor<AzureLanguageOptions>>().CurrentValue.IsConfigured
            ? sp.GetRequiredService<AzureLanguageSentimentAnalyzer>()
            : sp.GetRequiredService<LocalSentimentAnalyzer>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ProductLexiconCache>();
        services.AddSingleton(_ => new UnderstandingCache(configuration.GetValue("ChatCommerce:Language:UnderstandingCacheSize", 10_000)));
        services.AddScoped<IMessageUnderstander, MessageUnderstander>();
        services.AddHostedService<ModelWarmUp>();
        return services;
    }
}
