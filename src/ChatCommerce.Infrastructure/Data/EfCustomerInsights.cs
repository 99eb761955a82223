using ChatCommerce.Domain.Customers;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

public sealed class EfCustomerInsights(ChatCommerceDbContext db, DbWrites writes, TimeProvider clock) : ICustomerInsights
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
        await using var use = await db.UseConnectionAsync(cancellationToken);
        await using var command = use.Connection.Command(db.Database.CurrentTransaction, """
            WITH mine AS (
              SELECT DISTINCT l."Sku" AS sku FROM order_lines l
              JOIN orders o ON o."Id" = l."OrderId"
              JOIN contacts k ON k."Channel" = o."Channel" AND k."UserId" = o."UserId"
              WHERE k."CustomerId" = @c AND o."Status" <> 'Cancelled'),
            together AS (
              SELECT l2."Sku" AS sku, COUNT(DISTINCT l2."OrderId") AS n FROM order_lines l1
              JOIN order_lines l2 ON l2."OrderId" = l1."OrderId" AND l2."Sku" <> l1."Sku"
              WHERE l1."Sku" IN (SELECT sku FROM mine) AND l2."Sku" NOT IN (SELECT sku FROM mine)
              GROUP BY l2."Sku"),
            sellers AS (
              SELECT l."Sku" AS sku, SUM(l."Quantity") AS n FROM order_lines l JOIN orders o ON o."Id" = l."OrderId"
              WHERE o."Status" <> 'Cancelled' GROUP BY l."Sku"),
            ranked AS (
              SELECT p."Sku" AS sku,
                CASE WHEN t.sku IS NOT NULL THEN 0 WHEN p."CategoryId" IN (SELECT q."CategoryId" FROM products q WHERE q."Sku" IN (SELECT sku FROM mine)) THEN 1 ELSE 2 END AS tier,
                COALESCE(t.n, 0) AS together, COALESCE(s.n, 0) AS sold
              FROM products p LEFT JOIN together t ON t.sku = p."Sku" LEFT JOIN sellers s ON s.sku = p."Sku"
              WHERE p."Active" AND p."Stock" > 0 AND p."Sku" NOT IN (SELECT sku FROM mine))
            SELECT sku FROM ranked ORDER BY tier, together DESC, sold DESC, sku LIMIT @max
            """).With("@c", customerId).With("@max", max);
        var skus = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            skus.Add(reader.GetString(0));
        }

        return skus;
    }

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
