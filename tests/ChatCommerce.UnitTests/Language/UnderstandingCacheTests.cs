using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Understanding;
using ChatCommerce.Language;
using ChatCommerce.Language.Entities;
using ChatCommerce.Language.Intents;
using ChatCommerce.Language.Sentiment;

namespace ChatCommerce.UnitTests.Language;

public sealed class UnderstandingCacheTests
{
    private static readonly string Models = Path.Combine(Path.GetTempPath(), "cc-models-tests");
    private static readonly ProductLexicon Lexicon = ProductLexicon.Build(DemoCatalog.Products);

    private static MessageUnderstanding Said(string intent) => new(intent, 0.9f, "neutral", 0.8f, []);

    [Fact]
    public void ATextUnderstoodBeforeIsFoundForTheSameLocaleAndLexiconOnly()
    {
        var cache = new UnderstandingCache(100);
        var greeting = Said("greeting");
        Assert.False(cache.TryGet(Lexicon, "สวัสดีค่ะ", "th", out _));
        cache.Add(Lexicon, "สวัสดีค่ะ", "th", greeting);

        Assert.True(cache.TryGet(Lexicon, "สวัสดีค่ะ", "th", out var found));
        Assert.Same(greeting, found);
        Assert.False(cache.TryGet(Lexicon, "สวัสดีค่ะ", "en", out _));
        Assert.False(cache.TryGet(Lexicon, "สวัสดีครับ", "th", out _));
        Assert.Equal((1, 3), (cache.Hits, cache.Misses));

        // The catalog changed: what was understood with the old products is not used again.
        var rebuilt = ProductLexicon.Build(DemoCatalog.Products);
        Assert.False(cache.TryGet(rebuilt, "สวัสดีค่ะ", "th", out _));
        cache.Add(rebuilt, "ขอบคุณค่ะ", "th", Said("thanks"));
        Assert.False(cache.TryGet(Lexicon, "ขอบคุณค่ะ", "th", out _));
        Assert.True(cache.TryGet(rebuilt, "ขอบคุณค่ะ", "th", out _));
        Assert.False(cache.TryGet(rebuilt, "สวัสดีค่ะ", "th", out _));
    }

    [Fact]
    public void TextsInUseStayAndTheLeastRecentlyUsedGoWhenItIsFull()
    {
        // Capacity 4: two generations of two.
        var cache = new UnderstandingCache(4);
        cache.Add(Lexicon, "a", "th", Said("a"));
        cache.Add(Lexicon, "b", "th", Said("b"));
        cache.Add(Lexicon, "c", "th", Said("c"));        // a and b become the older generation
        Assert.True(cache.TryGet(Lexicon, "a", "th", out _)); // a is used: back in the newer, with c
        cache.Add(Lexicon, "d", "th", Said("d"));        // c and a become the older; b is dropped

        Assert.False(cache.TryGet(Lexicon, "b", "th", out _));
        foreach (var kept in new[] { "a", "c", "d" })
        {
            Assert.True(cache.TryGet(Lexicon, kept, "th", out var found), kept);
            Assert.Equal(kept, found.Intent);
        }
    }

    [Fact]
    public void LongTextsAndAZeroCapacityAreNotKept()
    {
        Assert.True(new UnderstandingCache(10).Keeps(new string('ก', UnderstandingCache.MaxTextLength)));
        Assert.False(new UnderstandingCache(10).Keeps(new string('ก', UnderstandingCache.MaxTextLength + 1)));
        Assert.False(new UnderstandingCache(0).Keeps("hi"));
    }

    /// <summary>
    /// The understander answers a repeated text from the cache with exactly what it worked out the
    /// first time, and what it works out is what an understander without the cache works out.
    /// </summary>
    [Theory]
    [InlineData("เอาเสื้อยืดสีดำ 2 ตัวค่ะ", "th")]
    [InlineData("สวัสดีค่ะ", "th")]
    [InlineData("add 2 more and check out", "en")]
    [InlineData("the soap was terrible, I want a refund", "en")]
    [InlineData("ขอมะม่วงอบแห้งสองถุง กับทุเรียนทอด 1 ถุง", "th")]
    public async Task ARepeatedTextIsAnsweredFromTheCacheWithWhatTheModelsSay(string text, string locale)
    {
        var cache = new UnderstandingCache(100);
        var cached = Understander(cache);
        var uncached = Understander(new UnderstandingCache(0));

        var expected = await uncached.UnderstandAsync(text, locale, CancellationToken.None);
        var first = await cached.UnderstandAsync(text, locale, CancellationToken.None);
        var second = await cached.UnderstandAsync(text, locale, CancellationToken.None);

        Assert.Equal(Describe(expected), Describe(first));
        Assert.Same(first, second);
        Assert.Equal((1, 1), (cache.Hits, cache.Misses));
    }

    private static MessageUnderstander Understander(UnderstandingCache cache) =>
        new(IntentClassifier.FromEmbeddedData(Models), LocalSentimentAnalyzer.FromEmbeddedData(Models), new DemoProducts(), new ProductLexiconCache(), cache, TimeProvider.System);

    private static string Describe(MessageUnderstanding u) =>
        $"{u.Intent} {u.IntentConfidence} {u.Sentiment} {u.SentimentScore} [{string.Join(", ", u.Entities)}] [{string.Join(" | ", u.Requests.Select(r => $"{r.Text}: {Describe(r.Understanding)}"))}]";

    private sealed class DemoProducts : ICatalogReader
    {
        public Task<IReadOnlyList<Category>> CategoriesAsync(CancellationToken cancellationToken) => Task.FromResult(DemoCatalog.Categories);

        public Task<IReadOnlyList<Product>> ProductsAsync(string? categoryId, int max, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Product>>([.. DemoCatalog.Products.Where(p => categoryId is null || p.CategoryId == categoryId).Take(max)]);

        public Task<Product?> FindAsync(string sku, CancellationToken cancellationToken) => Task.FromResult(DemoCatalog.Products.FirstOrDefault(p => p.Sku == sku));

        public Task<IReadOnlyDictionary<string, Product>> FindManyAsync(IEnumerable<string> skus, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, Product>>(DemoCatalog.Products.Where(p => skus.Contains(p.Sku)).ToDictionary(p => p.Sku));
    }
}
