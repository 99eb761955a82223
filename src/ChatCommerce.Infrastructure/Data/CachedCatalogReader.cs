using ChatCommerce.Domain.Catalog;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// The catalog as the conversation flows read it: one snapshot of every category and product in
/// memory, shared by all turns, read again when this instance changed the catalog (owner API,
/// a product's edit at once; stock taken or given back by orders here within
/// <see cref="CatalogCacheOptions.StockSettle"/>, so a busy sale does not reload the catalog per
/// order) and at least every <see cref="CatalogCacheOptions.Freshness"/> (changes made by other
/// instances). Stock shown in chat may lag by that much; an order reserves against the database.
/// </summary>
public sealed class CachedCatalogReader : ICatalogReader, ICatalogChanges
{
    private readonly SnapshotCache<Snapshot> _cache;

    public CachedCatalogReader(NestedContexts contexts, IOptions<CatalogCacheOptions> options, TimeProvider time) =>
        _cache = new SnapshotCache<Snapshot>(ct => LoadAsync(contexts, ct), () => options.Value.Freshness, time, () => options.Value.StockSettle);

    public void Changed() => _cache.Changed();

    public void StockChanged() => _cache.ChangedSoon();

    public async Task<IReadOnlyList<Category>> CategoriesAsync(CancellationToken cancellationToken) => (await _cache.GetAsync(cancellationToken)).Categories;

    public async Task<IReadOnlyList<Product>> ProductsAsync(string? categoryId, int max, CancellationToken cancellationToken)
    {
        var snapshot = await _cache.GetAsync(cancellationToken);
        var active = categoryId is null ? snapshot.Active : snapshot.ActiveByCategory.GetValueOrDefault(categoryId, []);
        return active.Count <= max ? active : active.Take(max).ToList();
    }

    public async Task<Product?> FindAsync(string sku, CancellationToken cancellationToken) =>
        (await _cache.GetAsync(cancellationToken)).BySku.GetValueOrDefault(sku);

    public async Task<IReadOnlyDictionary<string, Product>> FindManyAsync(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var snapshot = await _cache.GetAsync(cancellationToken);
        var found = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var sku in skus)
        {
            if (snapshot.BySku.TryGetValue(sku, out var product))
            {
                found[sku] = product;
            }
        }

        return found;
    }

    // Loaded by whichever turn finds the snapshot stale, maybe inside its transaction: from the
    // nested contexts' pool (see NestedContexts).
    private static async Task<Snapshot> LoadAsync(NestedContexts contexts, CancellationToken cancellationToken)
    {
        await using var context = contexts.Create();
        var reader = new EfCatalogReader(context.Db);
        var categories = await reader.CategoriesAsync(cancellationToken);
        var products = await reader.AllProductsAsync(cancellationToken);
        var active = products.Where(p => p.Active).OrderByDescending(p => p.Stock > 0).ThenBy(p => p.Sku, StringComparer.Ordinal).ToList();
        return new Snapshot(
            categories,
            active,
            active.GroupBy(p => p.CategoryId).ToDictionary(g => g.Key, g => (IReadOnlyList<Product>)g.ToList(), StringComparer.Ordinal),
            products.ToDictionary(p => p.Sku, StringComparer.Ordinal));
    }

    private sealed record Snapshot(
        IReadOnlyList<Category> Categories,
        IReadOnlyList<Product> Active,
        IReadOnlyDictionary<string, IReadOnlyList<Product>> ActiveByCategory,
        IReadOnlyDictionary<string, Product> BySku);
}

/// <summary>Configuration section <c>ChatCommerce:Catalog</c>.</summary>
public sealed class CatalogCacheOptions
{
    public const string Section = "ChatCommerce:Catalog";

    /// <summary>How long another instance's catalog change may go unseen here.</summary>
    public TimeSpan Freshness { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long stock taken or given back by an order here may go unseen (the catalog is read again at most this often for it).</summary>
    public TimeSpan StockSettle { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the units sold of each product (recommendations' best sellers) are summed again, in the background.</summary>
    public TimeSpan BestSellersFreshness { get; set; } = TimeSpan.FromMinutes(10);
}
