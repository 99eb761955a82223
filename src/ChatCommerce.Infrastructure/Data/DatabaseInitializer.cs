using ChatCommerce.Domain.Catalog;
using ChatCommerce.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Creates the schema when missing (or adds what an older version's database lacks, see
/// <see cref="SchemaUpgrader"/>) and seeds the demo shop into an empty catalog.
/// </summary>
public sealed class DatabaseInitializer(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatCommerceDbContext>();
        if (db.Database.IsSqlite())
        {
            // Readers never wait for the writer, and a commit is an append to the log.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        if (!await db.Database.EnsureCreatedAsync(cancellationToken))
        {
            foreach (var change in await SchemaUpgrader.UpgradeAsync(db, cancellationToken))
            {
                logger.LogWarning("Upgraded the database schema: {Change}", change);
            }

            // Rows of older versions: channels were spelt "Line"/"Messenger" there, dead letters "Failed".
            await db.Database.ExecuteSqlRawAsync("UPDATE contacts SET \"Channel\"=LOWER(\"Channel\") WHERE \"Channel\"<>LOWER(\"Channel\")", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("UPDATE inbox SET \"Channel\"=LOWER(\"Channel\") WHERE \"Channel\"<>LOWER(\"Channel\")", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("UPDATE inbox SET \"Status\"='DeadLettered' WHERE \"Status\"='Failed'", cancellationToken);
        }

        if (configuration.GetValue("ChatCommerce:Demo:SeedCatalog", true) && !await db.Categories.AnyAsync(cancellationToken))
        {
            db.Categories.AddRange(DemoCatalog.Categories.Select(c => new Domain.Catalog.Category { Id = c.Id, NameTh = c.NameTh, NameEn = c.NameEn, SortOrder = c.SortOrder }));
            db.Products.AddRange(DemoCatalog.Products.Select(Copy));
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Seeded the demo shop: {Categories} categories, {Products} products", DemoCatalog.Categories.Count, DemoCatalog.Products.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static Domain.Catalog.Product Copy(Domain.Catalog.Product p) => new()
    {
        Sku = p.Sku,
        CfCode = p.CfCode,
        CategoryId = p.CategoryId,
        NameTh = p.NameTh,
        NameEn = p.NameEn,
        DescriptionTh = p.DescriptionTh,
        DescriptionEn = p.DescriptionEn,
        PriceSatang = p.PriceSatang,
        Stock = p.Stock,
        WeightGrams = p.WeightGrams,
        ImagePath = p.ImagePath,
        Sizes = [.. p.Sizes],
        RestockOn = p.RestockOn,
    };
}
