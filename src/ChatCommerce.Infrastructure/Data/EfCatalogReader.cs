using ChatCommerce.Domain.Catalog;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>The catalog straight from the database (what <see cref="CachedCatalogReader"/> snapshots).</summary>
public sealed class EfCatalogReader(ChatCommerceDbContext db) : ICatalogReader
{
    /// <summary>Every product, retired ones too.</summary>
    public async Task<IReadOnlyList<Product>> AllProductsAsync(CancellationToken cancellationToken) =>
        await db.Products.AsNoTracking().ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Category>> CategoriesAsync(CancellationToken cancellationToken) =>
        await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Product>> ProductsAsync(string? categoryId, int max, CancellationToken cancellationToken) =>
        await db.Products.AsNoTracking()
            .Where(p => p.Active && (categoryId == null || p.CategoryId == categoryId))
            .OrderByDescending(p => p.Stock > 0).ThenBy(p => p.Sku)
            .Take(max)
            .ToListAsync(cancellationToken);

    public Task<Product?> FindAsync(string sku, CancellationToken cancellationToken) =>
        db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, cancellationToken);

    public async Task<IReadOnlyDictionary<string, Product>> FindManyAsync(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var wanted = skus.Distinct().ToList();
        return wanted.Count == 0
            ? new Dictionary<string, Product>()
            : await db.Products.AsNoTracking().Where(p => wanted.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, StringComparer.Ordinal, cancellationToken);
    }
}
