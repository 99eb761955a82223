namespace ChatCommerce.Domain.Catalog;

/// <summary>The shop owner's changes to the catalog.</summary>
public interface ICatalogAdmin
{
    Task<IReadOnlyList<Product>> ListAsync(string? categoryId, bool includeInactive, CancellationToken cancellationToken);

    Task<Product?> GetAsync(string sku, CancellationToken cancellationToken);

    Task<bool> CategoryExistsAsync(string categoryId, CancellationToken cancellationToken);

    /// <summary>False when the SKU or the CF code is taken.</summary>
    Task<bool> CreateAsync(Product product, CancellationToken cancellationToken);

    /// <summary>Replaces the editable fields; null when there is no such product. Throws <see cref="CfCodeTakenException"/>.</summary>
    Task<Product?> UpdateAsync(string sku, Action<Product> change, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="change"/> (negative: removes) to the stock in one atomic write, so
    /// units orders reserved meanwhile stay reserved. Null when there is no such product; the
    /// product unchanged when the stock would go below zero.
    /// </summary>
    Task<(Product? Product, bool Applied)> AdjustStockAsync(string sku, int change, CancellationToken cancellationToken);
}

public sealed class CfCodeTakenException(string cfCode) : Exception($"CF code '{cfCode}' belongs to another product.");
