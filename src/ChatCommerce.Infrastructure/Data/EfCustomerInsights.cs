using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

public sealed class EfCustomerInsights(ChatCommerceDbContext db, DbWrites writes, ICatalogReader catalog, BestSellers bestSellers, TimeProvider clock) : ICustomerInsights
{
    public async Task<CustomerGlance?> GlanceAsync(string customerId, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, cancellationToken);
        if (customer is null)
        {
            return null;
        }

        var last = await db.Orders.AsNoTracking()
            .Where(o => o.Status != Domain.Orders.OrderStatus.Cancelled && o.PaymentMethod != Domain.Payments.PaymentMethods.NoCharge
                && db.Contacts.Any(k => k.CustomerId == customerId && k.Channel == o.Channel && k.UserId == o.UserId))
            .OrderByDescending(o => o.CreatedAtMs).ThenByDescending(o => o.Id)
            .Select(o => o.Number)
            .FirstOrDefaultAsync(cancellationToken);
        return new CustomerGlance(customer.Id, customer.DisplayName, customer.OrderCount, customer.Tier, customer.Segment, customer.Consent, last);
    }

    public async Task<IReadOnlyList<string>> RecommendedSkusAsync(string customerId, int max, CancellationToken cancellationToken)
    {
        // What this customer bought, and what was bought with it in each product's latest orders:
        // reached by key (the index of lines by product and order), never the shop's whole history.
        // Each product's cut (the order id its window starts after) is materialized first, so that
        // SQLite walks the index of lines by product and order from it: SQLite 3.40 flattened the
        // join and scanned every line (0.7 s at a million lines, 3 ms materialized); the bundled
        // SQLite plans both forms well, the materialized one keeps it so. PostgreSQL under KeyPlans' settings: planned for
        // its values, it read every order line to join them with the latest orders' (its estimate
        // of those orders is blind), 300 ms at a million lines against 6 ms walking the keys.
        var bought = new HashSet<string>(StringComparer.Ordinal);
        var together = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var use = await db.UseConnectionAsync(cancellationToken))
        {
            await using var command = writes.ByKeyCommand(use, PicksQuery).With("@c", customerId).With("@window", CoPurchaseWindow);
            await using var reader = await writes.ReadByKeyAsync(command, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt32(0) == 0)
                {
                    bought.Add(reader.GetString(1));
                }
                else
                {
                    together[reader.GetString(1)] = Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        var products = await catalog.ProductsAsync(null, int.MaxValue, cancellationToken);
        var categories = await catalog.FindManyAsync(bought, cancellationToken);
        var sold = await bestSellers.SoldAsync(cancellationToken);
        return Recommendations.Rank(products, bought, together, sold, sku => categories.GetValueOrDefault(sku)?.CategoryId, max);
    }

    /// <summary>The customer's products (0, SKU, 0) and those bought with them in their latest orders (1, SKU, orders).</summary>
    internal const string PicksQuery = """
        WITH mine AS (
          SELECT DISTINCT l."Sku" AS sku FROM order_lines l
          JOIN orders o ON o."Id" = l."OrderId"
          JOIN contacts k ON k."Channel" = o."Channel" AND k."UserId" = o."UserId"
          WHERE k."CustomerId" = @c AND o."Status" <> 'Cancelled'),
        cut AS MATERIALIZED (
          SELECT m.sku AS sku, COALESCE((SELECT r."OrderId" FROM order_lines r WHERE r."Sku" = m.sku ORDER BY r."OrderId" DESC LIMIT 1 OFFSET @window), 0) AS after
          FROM mine m),
        recent AS (
          SELECT DISTINCT l."OrderId" AS id FROM cut c CROSS JOIN order_lines l WHERE l."Sku" = c.sku AND l."OrderId" > c.after)
        SELECT 0, sku, 0 FROM mine
        UNION ALL
        SELECT 1, l."Sku", COUNT(DISTINCT l."OrderId") FROM order_lines l
        WHERE l."OrderId" IN (SELECT id FROM recent) AND l."Sku" NOT IN (SELECT sku FROM mine)
        GROUP BY l."Sku"
        """;

    /// <summary>Orders of each product the customer bought that are read for co-purchases: its latest ones.</summary>
    public const int CoPurchaseWindow = 200;

    public Task<bool> OwnsOrderAsync(string customerId, string orderNumber, CancellationToken cancellationToken) =>
        db.Orders.AnyAsync(o => o.Number == orderNumber && db.Contacts.Any(k => k.CustomerId == customerId && k.Channel == o.Channel && k.UserId == o.UserId), cancellationToken);

    public async Task RecordConsentAsync(string customerId, string status, string channel, string? wording, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var words = wording is { Length: > 1000 } ? wording[..1000] : wording;
        await db.Customers.Where(c => c.Id == customerId).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.Consent, status)
            .SetProperty(c => c.ConsentAtMs, now)
            .SetProperty(c => c.ConsentChannel, channel)
            .SetProperty(c => c.ConsentWording, words)
            .SetProperty(c => c.UpdatedAtMs, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
