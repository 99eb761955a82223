using System.Globalization;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Orders in the relational database. Placing one reserves every line's stock with a conditional
/// update inside one transaction (all lines or none; inside a turn, the turn's transaction, rolled
/// back to a savepoint when a line is short), and the unique idempotency key makes a repeated
/// confirm return the first order instead of a second one.
/// </summary>
public sealed class EfOrderStore(ChatCommerceDbContext db, DbWrites writes, ICatalogChanges catalog, Domain.Customers.ICustomerScores scores, Domain.Customers.ICustomerLinks links, Conversations.Contacts.IInteractionLog touchpoints, TimeProvider clock) : IOrderStore
{
    public async Task<PlaceOrderResult> PlaceAsync(OrderDraft draft, ShippingMethod shipping, CancellationToken cancellationToken)
    {
        if (await FindByKeyAsync(draft.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return new PlaceOrderResult.AlreadyPlaced(earlier);
        }

        if (draft.Lines.Count == 0 || draft.Lines.Any(l => l.Quantity <= 0))
        {
            return new PlaceOrderResult.Invalid("The basket is empty.");
        }

        var skus = draft.Lines.Select(l => l.Sku).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, cancellationToken);
        var gone = skus.Where(s => !products.TryGetValue(s, out var p) || !p.Active).ToList();
        if (gone.Count > 0)
        {
            return new PlaceOrderResult.OutOfStock(gone);
        }

        await using var transaction = await writes.BeginAsync(cancellationToken);
        const string savepoint = "place_order";
        await db.Database.CurrentTransaction!.CreateSavepointAsync(savepoint, cancellationToken);
        var unavailable = new List<string>();
        // Rows are locked in SKU order, so two orders never wait for each other (no deadlock).
        foreach (var (sku, quantity) in draft.Lines.GroupBy(l => l.Sku, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(l => l.Quantity))).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var reserved = await db.Products
                .Where(p => p.Sku == sku && p.Stock >= quantity)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Stock, p => p.Stock - quantity), cancellationToken);
            if (reserved == 0)
            {
                unavailable.Add(sku);
            }
        }

        if (unavailable.Count > 0)
        {
            await db.Database.CurrentTransaction!.RollbackToSavepointAsync(savepoint, cancellationToken);
            return new PlaceOrderResult.OutOfStock(unavailable);
        }

        var free = draft.ReplacesOrder is not null;
        long Price(string sku) => free ? 0 : products[sku].PriceSatang;
        var subtotal = draft.Lines.Sum(l => Price(l.Sku) * l.Quantity);
        var weight = draft.Lines.Sum(l => products[l.Sku].WeightGrams * l.Quantity);
        var fee = free ? 0 : shipping.Fee(new(subtotal), weight).Satang;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var onDelivery = draft.PaymentMethod == PaymentMethods.CashOnDelivery;
        var order = new Order
        {
            Number = "tmp-" + Guid.NewGuid().ToString("N")[..27], // unique until the id gives the real number (the column holds 32)
            IdempotencyKey = draft.IdempotencyKey,
            Channel = draft.Channel,
            UserId = draft.UserId,
            Locale = draft.Locale,
            CustomerName = draft.CustomerName,
            Phone = draft.Phone,
            Address = draft.Address,
            Postcode = draft.Postcode,
            ShippingMethod = shipping.Id,
            SubtotalSatang = subtotal,
            ShippingFeeSatang = fee,
            PaymentFeeSatang = draft.PaymentFeeSatang,
            TotalSatang = subtotal + fee + draft.PaymentFeeSatang,
            PaymentMethod = free ? PaymentMethods.NoCharge : draft.PaymentMethod,
            Status = onDelivery || free ? OrderStatus.Confirmed : OrderStatus.AwaitingPayment,
            PaymentState = free ? PaymentState.Paid : onDelivery ? PaymentState.OnDelivery : PaymentState.Unpaid,
            PaymentDueAtMs = onDelivery || free ? null : draft.PaymentDueAt?.ToUnixTimeMilliseconds(),
            PaidAtMs = free ? now : null,
            LeadDaysMin = shipping.LeadDaysMin,
            LeadDaysMax = shipping.LeadDaysMax,
            CreatedAtMs = now,
            UpdatedAtMs = now,
            BasketKey = BasketKeyOf(draft.Lines),
            Lines = draft.Lines.Select(l => new OrderLine
            {
                Sku = l.Sku,
                Name = products[l.Sku].Name(draft.Locale),
                Size = l.Size,
                Quantity = l.Quantity,
                UnitPriceSatang = Price(l.Sku),
            }).ToList(),
        };
        db.Orders.Add(order);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            order.Number = "CC" + order.Id.ToString("D6", CultureInfo.InvariantCulture);
            db.OrderHistory.Add(History(order, draft.Actor, free ? "placed: replacement for " + draft.ReplacesOrder + ", no charge" : "placed", now));
            var customer = await RememberOnCustomerAsync(order, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (customer is not null)
            {
                await scores.RescoreCustomerAsync(customer, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            catalog.Changed();
        }
        catch (DbUpdateException)
        {
            // Another instance placed the same key between our check and our insert: theirs stands.
            await db.Database.CurrentTransaction!.RollbackToSavepointAsync(savepoint, cancellationToken);
            db.ChangeTracker.Clear();
            if (await FindByKeyAsync(draft.IdempotencyKey, cancellationToken) is { } raced)
            {
                return new PlaceOrderResult.AlreadyPlaced(raced);
            }

            throw;
        }

        return new PlaceOrderResult.Placed(order);
    }

    /// <summary>
    /// The order on its customer's record: the phone and address used (for next time and for
    /// finding the customer by phone) and a touchpoint of its own.
    /// </summary>
    private async Task<string?> RememberOnCustomerAsync(Order order, CancellationToken cancellationToken)
    {
        var customerId = await db.Contacts.Where(c => c.Channel == order.Channel && c.UserId == order.UserId).Select(c => c.CustomerId).FirstOrDefaultAsync(cancellationToken);
        if (Domain.Messaging.ChannelNames.TryParse(order.Channel, out var channel))
        {
            await touchpoints.RecordAsync(
                new Conversations.Contacts.Interaction(
                    new Domain.Messaging.ConversationKey(channel, order.UserId), Conversations.Contacts.InteractionDirection.Inbound, "order",
                    string.Join(", ", order.Lines.Select(l => $"{l.Sku} x{l.Quantity}")), null, DateTimeOffset.FromUnixTimeMilliseconds(order.CreatedAtMs))
                {
                    CustomerId = customerId, UserId = order.UserId, OrderNumber = order.Number, Outcome = Conversations.Contacts.TouchpointOutcomes.Placed,
                },
                cancellationToken);
        }

        if (customerId is null)
        {
            return null;
        }

        var phone = new string(order.Phone.Where(char.IsAsciiDigit).ToArray());
        if (phone.Length > 0)
        {
            var known = await db.CustomerPhones.FirstOrDefaultAsync(p => p.CustomerId == customerId && p.Phone == phone, cancellationToken);
            if (known is null)
            {
                db.CustomerPhones.Add(new Domain.Customers.CustomerPhone { CustomerId = customerId, Phone = phone, FirstUsedAtMs = order.CreatedAtMs, LastUsedAtMs = order.CreatedAtMs });
            }
            else
            {
                known.LastUsedAtMs = order.CreatedAtMs;
            }

            customerId = await LinkBySamePhoneAsync(customerId, order.Channel, phone, cancellationToken) ?? customerId;
        }

        if (order.Address.Length > 0)
        {
            var address = await db.CustomerAddresses.FirstOrDefaultAsync(a => a.CustomerId == customerId && a.Address == order.Address && a.Postcode == order.Postcode, cancellationToken);
            if (address is null)
            {
                db.CustomerAddresses.Add(new Domain.Customers.CustomerAddress { CustomerId = customerId, Name = order.CustomerName, Address = order.Address, Postcode = order.Postcode, LastUsedAtMs = order.CreatedAtMs });
            }
            else
            {
                address.Name = order.CustomerName;
                address.LastUsedAtMs = order.CreatedAtMs;
            }
        }

        return customerId;
    }

    /// <summary>
    /// The same phone confirmed at checkout in both apps is proof enough that two chats are one
    /// person: a customer who ordered with this phone from the other channel only (and none of
    /// whose chats is on this one) absorbs this order's customer. Undoable by the owner like any
    /// merge. Returns the customer the order now belongs to when it linked.
    /// </summary>
    private async Task<string?> LinkBySamePhoneAsync(string customerId, string channel, string phone, CancellationToken cancellationToken)
    {
        var mine = await db.Contacts.AsNoTracking().Where(k => k.CustomerId == customerId).Select(k => k.Channel).Distinct().ToListAsync(cancellationToken);
        var others = await db.CustomerPhones.AsNoTracking()
            .Where(p => p.Phone == phone && p.CustomerId != customerId && db.Customers.Any(c => c.Id == p.CustomerId && c.MergedIntoId == null))
            .Select(p => p.CustomerId).ToListAsync(cancellationToken);
        foreach (var other in others)
        {
            var theirs = await db.Contacts.AsNoTracking().Where(k => k.CustomerId == other).Select(k => k.Channel).Distinct().ToListAsync(cancellationToken);
            if (theirs.Count > 0 && !theirs.Contains(channel) && !theirs.Intersect(mine).Any())
            {
                await db.SaveChangesAsync(cancellationToken);
                return await links.MergeAsync(other, customerId, "shopper:same-phone", cancellationToken) is not null ? other : null;
            }
        }

        return null;
    }

    /// <summary>The same lines in any order give the same key.</summary>
    internal static string BasketKeyOf(IEnumerable<BasketLine> lines)
    {
        var text = string.Join("|", lines.GroupBy(l => (l.Sku, l.Size)).Select(g => $"{g.Key.Sku}/{g.Key.Size}x{g.Sum(l => l.Quantity)}").Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }

    public Task<Order?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.IdempotencyKey == idempotencyKey, cancellationToken);

    public Task<Order?> GetAsync(string number, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Number == number.ToUpperInvariant(), cancellationToken);

    public async Task<IReadOnlyList<Order>> ForCustomerAsync(string channel, string userId, int max, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking().Include(o => o.Lines)
            .Where(o => o.Channel == channel && o.UserId == userId)
            .OrderByDescending(o => o.CreatedAtMs).ThenByDescending(o => o.Id)
            .Take(max)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Order>> ListAsync(OrderStatus? status, int skip, int take, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking().Include(o => o.Lines)
            .Where(o => status == null || o.Status == status)
            .OrderByDescending(o => o.CreatedAtMs).ThenByDescending(o => o.Id)
            .Skip(skip).Take(take)
            .ToListAsync(cancellationToken);

    public async Task<OrderUpdate?> UpdateAsync(string number, OrderStatus? status, string? trackingNumber, CancellationToken cancellationToken, string actor = "staff", string? note = null)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var order = await LockedAsync(number, cancellationToken);
        if (order is null)
        {
            return null;
        }

        var statusBefore = order.Status;
        var trackingBefore = order.TrackingNumber;

        if (status is { } next && next != order.Status)
        {
            if (!OrderStatusRules.CanMove(order.Status, next))
            {
                throw new OrderTransitionException(order.Number, order.Status, next);
            }

            if (next == OrderStatus.Cancelled)
            {
                catalog.Changed();
                foreach (var line in order.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal))
                {
                    await db.Products.Where(p => p.Sku == line.Sku)
                        .ExecuteUpdateAsync(u => u.SetProperty(p => p.Stock, p => p.Stock + line.Quantity), cancellationToken);
                }
            }

            order.Status = next;
        }

        if (trackingNumber is not null)
        {
            order.TrackingNumber = trackingNumber.Trim();
        }

        order.UpdatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (order.Status != statusBefore || order.TrackingNumber != trackingBefore)
        {
            db.OrderHistory.Add(History(order, actor, note ?? (order.TrackingNumber != trackingBefore ? "tracking " + order.TrackingNumber : null), order.UpdatedAtMs));
        }

        await db.SaveChangesAsync(cancellationToken);
        if (order.Status != statusBefore)
        {
            await scores.RescoreAsync(order.Channel, order.UserId, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new OrderUpdate(order, statusBefore, trackingBefore);
    }

    public async Task<Order?> ForUpdateAsync(string number, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An order is locked for a change only inside a write transaction.");
        }

        return await LockedAsync(number, cancellationToken);
    }

    public async Task SaveAsync(Order order, string actor, string? note, CancellationToken cancellationToken)
    {
        order.UpdatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        db.OrderHistory.Add(History(order, actor, note, order.UpdatedAtMs));
        await db.SaveChangesAsync(cancellationToken);
        await scores.RescoreAsync(order.Channel, order.UserId, cancellationToken);
    }

    public async Task<IReadOnlyList<Order>> UnpaidDueBeforeAsync(DateTimeOffset dueBefore, bool notRemindedOnly, int max, CancellationToken cancellationToken)
    {
        var before = dueBefore.ToUnixTimeMilliseconds();
        return await db.Orders.AsNoTracking().Include(o => o.Lines)
            .Where(o => o.Status == OrderStatus.AwaitingPayment && o.PaymentState == PaymentState.Unpaid && o.PaymentDueAtMs != null && o.PaymentDueAtMs <= before)
            .Where(o => !notRemindedOnly || o.ReminderSentAtMs == null)
            .OrderBy(o => o.PaymentDueAtMs).ThenBy(o => o.Id)
            .Take(max)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OrderHistoryEntry>> HistoryAsync(long orderId, CancellationToken cancellationToken) =>
        await db.OrderHistory.AsNoTracking().Where(h => h.OrderId == orderId).OrderBy(h => h.Id).ToListAsync(cancellationToken);

    /// <summary>
    /// PostgreSQL: the row lock makes a second change wait and then read this one's result. SQLite:
    /// the write transaction began behind the process's one writer gate, which does the same.
    /// </summary>
    private async Task<Order?> LockedAsync(string number, CancellationToken cancellationToken)
    {
        var key = number.ToUpperInvariant();
        var rows = writes.IsSqlite ? db.Orders : db.Orders.FromSqlInterpolated($"SELECT * FROM orders WHERE \"Number\" = {key} FOR UPDATE");
        return await rows.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Number == key, cancellationToken);
    }

    private static OrderHistoryEntry History(Order order, string actor, string? note, long atMs) => new()
    {
        OrderId = order.Id,
        Status = order.Status,
        PaymentState = order.PaymentState,
        Actor = actor,
        Note = note is { Length: > 500 } longNote ? longNote[..500] : note,
        AtMs = atMs,
    };
}
