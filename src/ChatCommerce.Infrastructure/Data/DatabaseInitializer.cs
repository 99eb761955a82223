using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Promotions;
using ChatCommerce.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Brings the schema up to date with EF Core migrations (one set per database, see
/// <c>ProviderContexts.cs</c>), adopting a database made before migrations existed, and seeds
/// the demo shop into an empty catalog.
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

        if (await IsFromBeforeMigrationsAsync(db, cancellationToken))
        {
            await AdoptAsync(db, cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            // Two instances starting together take turns: EF Core holds a migration lock.
            await db.Database.MigrateAsync(cancellationToken);
            logger.LogWarning("Applied database migrations: {Migrations}", string.Join(", ", pending));
        }

        if (configuration.GetValue("ChatCommerce:Demo:SeedCatalog", true) && !await db.Categories.AnyAsync(cancellationToken))
        {
            db.Categories.AddRange(DemoCatalog.Categories.Select(c => new Domain.Catalog.Category { Id = c.Id, NameTh = c.NameTh, NameEn = c.NameEn, SortOrder = c.SortOrder }));
            db.Products.AddRange(DemoCatalog.Products.Select(Copy));
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Seeded the demo shop: {Categories} categories, {Products} products", DemoCatalog.Categories.Count, DemoCatalog.Products.Count);
        }

        await SeedPromotionsAsync(db, scope.ServiceProvider.GetRequiredService<IOptions<ShippingOptions>>().Value, cancellationToken);
    }

    /// <summary>
    /// Once per database: the demo shop's promotions, or, for a shop of its own, free shipping as the
    /// shipping settings of earlier versions had it (<see cref="ShippingMethod.FreeAboveSatang"/>).
    /// Deleting every promotion later does not bring them back.
    /// </summary>
    private async Task SeedPromotionsAsync(ChatCommerceDbContext db, ShippingOptions shipping, CancellationToken cancellationToken)
    {
        const string Seeded = "promotions:seeded";
        if (await db.Settings.AnyAsync(s => s.Key == Seeded, cancellationToken))
        {
            return;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (!await db.Promotions.AnyAsync(cancellationToken))
        {
            var seed = configuration.GetValue("ChatCommerce:Demo:SeedCatalog", true)
                ? DemoPromotions.All
                : [.. shipping.Effective.Where(m => m.FreeAboveSatang > 0).Select(m => new Promotion
                {
                    Id = "free-shipping-" + m.Id.ToLowerInvariant(),
                    Name = $"ส่งฟรี{m.NameTh} เมื่อซื้อครบ {new Money(m.FreeAboveSatang).ToDisplay()}",
                    NameEn = $"Free {m.NameEn} from {new Money(m.FreeAboveSatang).ToDisplay()}",
                    Kind = PromotionKinds.FreeShipping,
                    ShippingMethods = [m.Id],
                    Steps = [new PromotionStep { MinSatang = m.FreeAboveSatang }],
                })];
            foreach (var promotion in seed)
            {
                db.Promotions.Add(new PromotionRecord
                {
                    Id = promotion.Id, Kind = promotion.Kind, Active = promotion.Active, Code = EfPromotionStore.CodeOf(promotion),
                    Definition = PromotionJson.Write(promotion), CreatedAtMs = now, UpdatedAtMs = now,
                });
            }

            logger.LogInformation("Seeded {Count} promotions: {Ids}", seed.Count, string.Join(", ", seed.Select(p => p.Id)));
        }

        db.Settings.Add(new SettingRecord { Key = Seeded, Json = "true", UpdatedAtMs = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance starting at the same moment seeded them.
            db.ChangeTracker.Clear();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A database made by a version from before migrations: our tables, no migration history.</summary>
    private static async Task<bool> IsFromBeforeMigrationsAsync(ChatCommerceDbContext db, CancellationToken cancellationToken) =>
        !await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken) && await SchemaUpgrader.AnyTableAsync(db, cancellationToken);

    /// <summary>
    /// Brings such a database to the first migration's shape (it only ever grew by additions), fixes
    /// the rows that version wrote differently, and records the first migration as applied; the
    /// later migrations then run as on any database.
    /// </summary>
    private async Task AdoptAsync(ChatCommerceDbContext db, CancellationToken cancellationToken)
    {
        var first = db.Database.GetMigrations().First();
        var firstModel = db.GetService<IMigrationsAssembly>().Migrations.TryGetValue(first, out var type)
            ? db.GetService<IMigrationsAssembly>().CreateMigration(type, db.Database.ProviderName!).TargetModel!
            : throw new InvalidOperationException($"Migration {first} not found.");
        firstModel = db.GetService<IModelRuntimeInitializer>().Initialize(firstModel, designTime: true, validationLogger: null);
        foreach (var change in await SchemaUpgrader.UpgradeAsync(db, firstModel, cancellationToken))
        {
            logger.LogWarning("Upgraded the database schema: {Change}", change);
        }

        // Channels were spelt "Line"/"Messenger" there, dead letters "Failed".
        await db.Database.ExecuteSqlRawAsync("UPDATE contacts SET \"Channel\"=LOWER(\"Channel\") WHERE \"Channel\"<>LOWER(\"Channel\")", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("UPDATE inbox SET \"Channel\"=LOWER(\"Channel\") WHERE \"Channel\"<>LOWER(\"Channel\")", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("UPDATE inbox SET \"Status\"='DeadLettered' WHERE \"Status\"='Failed'", cancellationToken);

        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(first, ProductInfo.GetVersion())), cancellationToken);
        logger.LogWarning("Adopted a database made before migrations as {Migration}", first);
    }

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
