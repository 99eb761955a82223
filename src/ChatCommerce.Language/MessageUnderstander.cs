using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Understanding;
using ChatCommerce.Language.Entities;
using ChatCommerce.Language.Intents;
using ChatCommerce.Language.Sentiment;

namespace ChatCommerce.Language;

/// <summary>
/// Intent, sentiment and entities of one message. The product lexicon is rebuilt from the
/// catalog at most once a minute, so new products are recognised without a restart. With the local
/// sentiment model a text understood before is answered from <see cref="UnderstandingCache"/>; a
/// sentiment service is asked about every message.
/// </summary>
public sealed class MessageUnderstander(
    IntentClassifier intents,
    ISentimentAnalyzer sentiment,
    ICatalogReader catalog,
    ProductLexiconCache lexicons,
    UnderstandingCache cache,
    TimeProvider time) : IMessageUnderstander
{
    public async Task<MessageUnderstanding> UnderstandAsync(string text, string locale, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return MessageUnderstanding.None;
        }

        var lexicon = await lexicons.GetAsync(catalog, time, cancellationToken);
        var cached = sentiment is LocalSentimentAnalyzer && cache.Keeps(text);
        if (cached && cache.TryGet(lexicon, text, locale, out var known))
        {
            return known;
        }

        var understood = await AnalyzeAsync(text, locale, lexicon, cancellationToken);
        if (cached)
        {
            cache.Add(lexicon, text, locale, understood);
        }

        return understood;
    }

    private async Task<MessageUnderstanding> AnalyzeAsync(string text, string locale, ProductLexicon lexicon, CancellationToken cancellationToken)
    {
        var intent = intents.Predict(text);
        var feeling = await sentiment.AnalyzeAsync(text, locale, cancellationToken);
        var extractor = new EntityExtractor(lexicon);
        var understanding = new MessageUnderstanding(intent.Intent, intent.Confidence, feeling.Label, feeling.Score, Entities(extractor, text));
        if (Requests.Split(text, intents.Predict, part => extractor.Extract(part).Any(e => e.Type == EntityType.Product)) is not { } parts)
        {
            return understanding;
        }

        return understanding with { Requests = [Part(parts.First, parts.FirstIntent), Part(parts.Second, parts.SecondIntent)] };

        RequestPart Part(string words, IntentPrediction predicted) =>
            new(words, new MessageUnderstanding(predicted.Intent, predicted.Confidence, feeling.Label, feeling.Score, Entities(extractor, words)));
    }

    private static List<UnderstoodEntity> Entities(EntityExtractor extractor, string text) =>
        [.. extractor.Extract(text).Select(e => new UnderstoodEntity(e.Type, e.Value, e.Text))];
}

/// <summary>The product lexicon, shared between turns and refreshed every minute.</summary>
public sealed class ProductLexiconCache
{
    private static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (ProductLexicon Lexicon, DateTimeOffset BuiltAt)? _current;

    /// <summary>When the lexicon in use was built (null before the first message or the warm-up).</summary>
    public DateTimeOffset? BuiltAt => _current?.BuiltAt;

    /// <summary>The catalog changed (the owner API): the next message rebuilds the lexicon.</summary>
    public void Invalidate() => _current = null;

    public async Task<ProductLexicon> GetAsync(ICatalogReader catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_current is { } fresh && time.GetUtcNow() - fresh.BuiltAt < Freshness)
        {
            return fresh.Lexicon;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } built && time.GetUtcNow() - built.BuiltAt < Freshness)
            {
                return built.Lexicon;
            }

            var lexicon = ProductLexicon.Build(await catalog.ProductsAsync(null, 10_000, cancellationToken));
            _current = (lexicon, time.GetUtcNow());
            return lexicon;
        }
        finally
        {
            _gate.Release();
        }
    }
}
