using ChatCommerce.Domain.Catalog;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

public sealed class EfCatalogAdmin(ChatCommerceDbContext db) : ICatalogAdmin
{
    public async Task<IReadOnlyList<Product>> ListAsync(string? categoryId, bool includeInactive, CancellationToken cancellationToken) =>
        await db.Products.AsNoTracking()
            .Where(p => (includeInactive || p.Active) && (categoryId == null || p.CategoryId == categoryId))
            .OrderBy(p => p.CategoryId).ThenBy(p => p.Sku)
            .ToListAsync(cancellationToken);

    public Task<Product?> GetAsync(string sku, CancellationToken cancellationToken) =>
        db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, cancellationToken);

    public Task<bool> CategoryExistsAsync(string categoryId, CancellationToken cancellationToken) =>
        db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken);

    public async Task<bool> CreateAsync(Product product, CancellationToken cancellationToken)
    {
        if (await db.Products.AnyAsync(p => p.Sku == product.Sku || p.CfCode == product.CfCode, cancellationToken))
        {
            return false;
        }

        db.Products.Add(product);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Created by someone else between the check and the insert.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public async Task<Product?> UpdateAsync(string sku, Action<Product> change, CancellationToken cancellationToken)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Sku == sku, cancellationToken);
        if (product is null)
        {
            return null;
        }

        change(product);
        if (await db.Products.AnyAsync(p => p.Sku != sku && p.CfCode == product.CfCode, cancellationToken))
        {
            throw new CfCodeTakenException(product.CfCode);
        }

        await db.SaveChangesAsync(cancellationToken);
        return product;
    }

    public async Task<(Product? Product, bool Applied)> AdjustStockAsync(string sku, int change, CancellationToken cancellationToken)
    {
        var applied = await db.Products
            .Where(p => p.Sku == sku && p.Stock + change >= 0 && p.Stock + change <= 1_000_000)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock + change), cancellationToken) == 1;
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, cancellationToken);
        return (product, applied);
    }
}
