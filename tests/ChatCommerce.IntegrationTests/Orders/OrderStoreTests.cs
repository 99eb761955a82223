using ChatCommerce.Domain.Orders;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Orders;

/// <summary>The order store on the embedded database: stock reserved all-or-nothing, orders placed once, cancelling gives stock back.</summary>
public sealed class OrderStoreTests : HostedTest
{
    private static readonly ShippingMethod Standard = ShippingOptions.Defaults[0];

    private async Task<T> WithStoreAsync<T>(Func<IOrderStore, Task<T>> use)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<IOrderStore>());
    }

    private Task<int> StockAsync(string sku) => Host.QueryAsync(db => db.Products.Where(p => p.Sku == sku).Select(p => p.Stock).SingleAsync());

    private static OrderDraft Draft(string key, params BasketLine[] lines) =>
        new(key, "line", "U1", "th", "นิด", "0812345678", "1 ถนนสีลม กรุงเทพฯ 10500", "10500", "standard", "cod", lines);

    [Fact]
    public async Task PlacingReservesStockAndTheSameKeyNeverPlacesTwice()
    {
        var before = await StockAsync("SN-MNG");
        var first = await WithStoreAsync(s => s.PlaceAsync(Draft("k1", new BasketLine("SN-MNG", 2), new BasketLine("TS-BLK", 1, "M")), Standard, default));
        var placed = Assert.IsType<PlaceOrderResult.Placed>(first).Order;
        Assert.Matches("^CC\\d{6}$", placed.Number);
        Assert.Equal(OrderStatus.Confirmed, placed.Status);
        Assert.Equal((240 + 259) * 100L, placed.SubtotalSatang);
        Assert.Equal(4000, placed.ShippingFeeSatang);
        Assert.Equal(before - 2, await StockAsync("SN-MNG"));

        var again = await WithStoreAsync(s => s.PlaceAsync(Draft("k1", new BasketLine("SN-MNG", 2)), Standard, default));
        Assert.Equal(placed.Number, Assert.IsType<PlaceOrderResult.AlreadyPlaced>(again).Order.Number);
        Assert.Equal(before - 2, await StockAsync("SN-MNG"));
        Assert.Equal(1, await Host.QueryAsync(db => db.Orders.CountAsync()));
    }

    [Fact]
    public async Task WhenOneLineIsShortNothingIsReserved()
    {
        var mango = await StockAsync("SN-MNG");
        var result = await WithStoreAsync(s => s.PlaceAsync(Draft("k2", new BasketLine("SN-MNG", 1), new BasketLine("SN-DUR", 10_000)), Standard, default));
        Assert.Equal(["SN-DUR"], Assert.IsType<PlaceOrderResult.OutOfStock>(result).Skus);
        Assert.Equal(mango, await StockAsync("SN-MNG"));
        Assert.Equal(0, await Host.QueryAsync(db => db.Orders.CountAsync()));
        Assert.IsType<PlaceOrderResult.Invalid>(await WithStoreAsync(s => s.PlaceAsync(Draft("k3"), Standard, default)));
        Assert.IsType<PlaceOrderResult.OutOfStock>(await WithStoreAsync(s => s.PlaceAsync(Draft("k4", new BasketLine("NOPE", 1)), Standard, default)));
    }

    [Fact]
    public async Task CancellingPutsStockBackAndTrackingIsKept()
    {
        var before = await StockAsync("BT-SOP");
        var order = ((PlaceOrderResult.Placed)await WithStoreAsync(s => s.PlaceAsync(Draft("k5", new BasketLine("BT-SOP", 5)), Standard, default))).Order;
        Assert.Equal(before - 5, await StockAsync("BT-SOP"));
        var packed = await WithStoreAsync(s => s.UpdateAsync(order.Number.ToLowerInvariant(), OrderStatus.Packed, " TH123456789 ", default));
        Assert.Equal("TH123456789", packed!.Order.TrackingNumber);
        Assert.Equal(OrderStatus.Confirmed, packed.StatusBefore);
        await WithStoreAsync(s => s.UpdateAsync(order.Number, OrderStatus.Cancelled, null, default));
        Assert.Equal(before, await StockAsync("BT-SOP"));
        await Assert.ThrowsAsync<OrderTransitionException>(() => WithStoreAsync(s => s.UpdateAsync(order.Number, OrderStatus.Shipped, null, default)));
        Assert.Equal(before, await StockAsync("BT-SOP"));
        Assert.Null(await WithStoreAsync(s => s.UpdateAsync("CC999999", OrderStatus.Cancelled, null, default)));
        var mine = await WithStoreAsync(s => s.ForCustomerAsync("line", "U1", 5, default));
        Assert.Equal(OrderStatus.Cancelled, Assert.Single(mine).Status);
    }
}

/// <summary>A database made by an older version (no order tables, products without sizes) is brought up to date at start, keeping its rows.</summary>
public sealed class SchemaUpgradeTests
{
    [Fact]
    public async Task AnOldDatabaseGainsNewTablesAndColumnsAndKeepsItsData()
    {
        var file = Path.Combine(Path.GetTempPath(), "cc-old-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        await using (var connection = new SqliteConnection($"Data Source={file}"))
        {
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "categories" ("Id" TEXT NOT NULL PRIMARY KEY, "NameTh" TEXT NOT NULL, "NameEn" TEXT NOT NULL, "SortOrder" INTEGER NOT NULL);
                CREATE TABLE "products" ("Sku" TEXT NOT NULL PRIMARY KEY, "CfCode" TEXT NOT NULL, "CategoryId" TEXT NOT NULL, "NameTh" TEXT NOT NULL, "NameEn" TEXT NOT NULL,
                  "DescriptionTh" TEXT NOT NULL, "DescriptionEn" TEXT NOT NULL, "PriceSatang" INTEGER NOT NULL, "Stock" INTEGER NOT NULL, "WeightGrams" INTEGER NOT NULL,
                  "ImagePath" TEXT NOT NULL, "Active" INTEGER NOT NULL);
                INSERT INTO "categories" VALUES ('home', 'ของใช้', 'Home', 1);
                INSERT INTO "products" VALUES ('OLD-1', 'x1', 'home', 'ของเก่า', 'Old thing', '', '', 9900, 7, 100, '', 1);
                """;
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        await using var fakes = await FakePlatformServer.StartAsync();
        await using var host = await TestHost.StartAsync(fakes, new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = $"Data Source={file}" });
        var product = await host.QueryAsync(db => db.Products.SingleAsync(p => p.Sku == "OLD-1"));
        Assert.Equal(7, product.Stock);
        Assert.Empty(product.Sizes);
        Assert.Null(product.RestockOn);
        Assert.Equal(0, await host.QueryAsync(db => db.Orders.CountAsync()));
        Assert.Equal(0, await host.QueryAsync(db => db.Inbox.CountAsync()));
    }
}
