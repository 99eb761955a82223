namespace ChatCommerce.Domain.Catalog;

/// <summary>Read access to the shop's catalog for the conversation flows.</summary>
public interface ICatalogReader
{
    Task<IReadOnlyList<Category>> CategoriesAsync(CancellationToken cancellationToken);

    /// <summary>Active products, in-stock first, optionally of one category.</summary>
    Task<IReadOnlyList<Product>> ProductsAsync(string? categoryId, int max, CancellationToken cancellationToken);

    Task<Product?> FindAsync(string sku, CancellationToken cancellationToken);

    /// <summary>The products with these SKUs (one query), keyed by SKU; unknown SKUs are left out.</summary>
    Task<IReadOnlyDictionary<string, Product>> FindManyAsync(IEnumerable<string> skus, CancellationToken cancellationToken);
}
