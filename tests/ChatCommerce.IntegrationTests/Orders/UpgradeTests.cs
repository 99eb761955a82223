using ChatCommerce.Domain.Orders;
using ChatCommerce.Infrastructure.Data;
using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Orders;

/// <summary>A shop's ./data made before payments upgrades in place when the new host starts.</summary>
public sealed class UpgradeTests
{
    [Fact]
    public async Task OrdersPlacedBeforePaymentsKeepTheirMeaningAfterTheUpgrade()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "cc-upgrade-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDir);
        try
        {
            // The database as the last release before payments left it, with three orders of that time.
            var options = new DbContextOptionsBuilder<SqliteChatCommerceDbContext>().UseSqlite($"Data Source={Path.Combine(dataDir, "chatcommerce.db")}").Options;
            await using (var old = new SqliteChatCommerceDbContext(options))
            {
                await old.GetService<IMigrator>().MigrateAsync("20261130032616_OutboxSeedIndex");
                foreach (var (id, method, status) in new[] { (1, "cod", "Confirmed"), (2, "later", "AwaitingPayment"), (3, "later", "Shipped") })
                {
                    await old.Database.ExecuteSqlRawAsync(
                        "INSERT INTO orders (\"Id\", \"Number\", \"IdempotencyKey\", \"Channel\", \"UserId\", \"Locale\", \"CustomerName\", \"Phone\", \"Address\", \"Postcode\", \"ShippingMethod\", \"SubtotalSatang\", \"ShippingFeeSatang\", \"TotalSatang\", \"PaymentMethod\", \"Status\", \"LeadDaysMin\", \"LeadDaysMax\", \"CreatedAtMs\", \"UpdatedAtMs\") "
                        + "VALUES ({0}, {1}, {2}, 'line', 'U1', 'th', 'Ploy', '0812345678', '99/1 Bangkok', '10110', 'standard', 24000, 4000, 28000, {3}, {4}, 2, 4, 1, 1)",
                        id, $"CC{id:D6}", "key-" + id, method, status);
                }
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await using var fakes = await FakePlatformServer.StartAsync();
            await using var host = await TestHost.StartAsync(fakes, dataDir: dataDir);
            var orders = await host.QueryAsync(db => db.Orders.AsNoTracking().OrderBy(o => o.Id).ToListAsync());
            Assert.Equal([PaymentState.OnDelivery, PaymentState.Unpaid, PaymentState.Paid], orders.Select(o => o.PaymentState).ToArray());
            Assert.All(orders, o => Assert.Equal(0, o.PaymentFeeSatang));
            Assert.All(orders, o => Assert.Null(o.PaymentDueAtMs));

            // An old unpaid order has no deadline: the job leaves it to staff.
            await using var scope = host.Services.CreateAsyncScope();
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ChatCommerce.Web.Payments.PaymentDeadlineJob>().RunAsync(CancellationToken.None));
            var applied = await host.QueryAsync(db => db.Database.GetAppliedMigrationsAsync());
            Assert.Contains(applied, m => m.EndsWith("_Payments", StringComparison.Ordinal));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
