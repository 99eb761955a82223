using System.Globalization;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using ChatCommerce.Domain.Promotions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Orders in the relational database. Placing one reserves every line's stock with a conditional
/// update inside one transaction (all lines or none; outside a turn, rolled back to a savepoint
/// when a line is short; inside one, the turn's transaction, whose commit takes the stock last and
/// is a conflict when a line ran short), and the unique idempotency key makes a repeated confirm
/// return the first order instead of a second one.
/// </summary>
public sealed class EfOrderStore(
    ChatCommerceDbContext db,
    DbWrites writes,
    ICatalogChanges catalog,
    Domain.Customers.ICustomerScores scores,
    Domain.Customers.ICustomerLinks links,
    Conversations.Contacts.IInteractionLog touchpoints,
    IPromotionStore promotions,
    IOptions<PromotionOptions> promotionOptions,
    TimeProvider clock) : IOrderStore
{
    public async Task<PlaceOrderResult> PlaceAsync(OrderDraft draft, ShippingMethod shipping, CancellationToken cancellationToken)
    {
        // A plain probe first (the key's unique index): the order with its lines and promotions is
        // a join whose planning alone cost 0.7 ms of the server a call in a live sale, for an
        // answer that is nearly always "none".
        if (await db.Orders.AnyAsync(o => o.IdempotencyKey == draft.IdempotencyKey, cancellationToken)
            && await FindByKeyAsync(draft.IdempotencyKey, cancellationToken) is { } earlier)
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

        var free = draft.ReplacesOrder is not null;
        var now = clock.GetUtcNow();
        var priced = free ? null : await PriceAsync(draft, products, shipping, now, cancellationToken);
        if (priced is not null && draft.ExpectedTotalSatang is { } expected && expected != priced.Quote.TotalSatang + draft.PaymentFeeSatang)
        {
            return new PlaceOrderResult.PriceChanged(priced.Quote);
        }

        // Each product's quantity, in SKU order: the order their rows are locked in, so that two
        // orders never wait for each other (no deadlock).
        var wanted = draft.Lines.GroupBy(l => l.Sku, StringComparer.Ordinal).Select(g => (Sku: g.Key, Quantity: g.Sum(l => l.Quantity))).OrderBy(l => l.Sku, StringComparer.Ordinal).ToList();
        // Inside a turn the stock is taken with the turn's commit (see below): what is short as
        // read now is said now, and what runs short meanwhile makes the commit run the turn again.
        var atCommit = writes.InTurn;
        if (atCommit && wanted.Where(l => products[l.Sku].Stock < l.Quantity).Select(l => l.Sku).ToList() is { Count: > 0 } lacking)
        {
            return new PlaceOrderResult.OutOfStock(lacking);
        }

        await using var transaction = await writes.BeginAsync(cancellationToken);
        const string savepoint = PlaceSavepoint;
        // PostgreSQL: the order's own statements (its rows, lines, history, touchpoint, the
        // customer's phone and address, the nudges it closes) reach their rows by key and run
        // under KeyPlans from here, planned once a connection: planned for each execution they
        // cost the server about 1 ms an order in a live sale. Set with the savepoint, so a rollback
        // to it keeps them; put back after the order when the transaction goes on (a turn's).
        var keyPlans = !writes.IsSqlite;
        if (keyPlans)
        {
            await db.Database.ExecuteSqlRawAsync(PlannedSavepoint, cancellationToken);
        }
        else
        {
            await db.Database.CurrentTransaction!.CreateSavepointAsync(savepoint, cancellationToken);
        }

        var result = await PlaceHereAsync();
        if (keyPlans && !transaction.Owned)
        {
            await db.Database.ExecuteSqlRawAsync(KeyPlans.Restore, cancellationToken);
        }

        return result;

        async Task<PlaceOrderResult> PlaceHereAsync()
        {
            var quote = priced?.Quote;
            long Price(string sku) => free ? 0 : products[sku].PriceSatang;
            var subtotal = quote?.SubtotalSatang ?? 0;
            var fee = quote?.ShippingSatang ?? 0;
            var discount = quote?.DiscountSatang ?? 0;
            var nowMs = now.ToUnixTimeMilliseconds();
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
                DiscountSatang = discount,
                ShippingFeeSatang = fee,
                PaymentFeeSatang = draft.PaymentFeeSatang,
                TotalSatang = subtotal - discount + fee + draft.PaymentFeeSatang,
                PaymentMethod = free ? PaymentMethods.NoCharge : draft.PaymentMethod,
                Status = onDelivery || free ? OrderStatus.Confirmed : OrderStatus.AwaitingPayment,
                PaymentState = free ? PaymentState.Paid : onDelivery ? PaymentState.OnDelivery : PaymentState.Unpaid,
                PaymentDueAtMs = onDelivery || free ? null : draft.PaymentDueAt?.ToUnixTimeMilliseconds(),
                PaidAtMs = free ? nowMs : null,
                LeadDaysMin = shipping.LeadDaysMin,
                LeadDaysMax = shipping.LeadDaysMax,
                CreatedAtMs = nowMs,
                UpdatedAtMs = nowMs,
                BasketKey = BasketKeyOf(draft.Lines),
                Lines = draft.Lines.Select(l => new OrderLine
                {
                    Sku = l.Sku,
                    Name = products[l.Sku].Name(draft.Locale),
                    Size = l.Size,
                    Quantity = l.Quantity,
                    UnitPriceSatang = Price(l.Sku),
                    DiscountSatang = quote?.Lines.FirstOrDefault(q => q.Key == l.Key)?.DiscountSatang ?? 0,
                }).ToList(),
                Promotions = quote?.Applied.Select(a => new OrderPromotion
                {
                    PromotionId = a.Promotion.Id,
                    Name = a.Promotion.Name,
                    NameEn = a.Promotion.NameEn,
                    Kind = a.Promotion.Kind,
                    DiscountSatang = a.DiscountSatang,
                    CustomerId = priced!.Customer.CustomerId,
                    AtMs = nowMs,
                }).ToList() ?? [],
            };
            db.Orders.Add(order);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                order.Number = "CC" + order.Id.ToString("D6", CultureInfo.InvariantCulture);
                db.OrderHistory.Add(History(order, draft.Actor, free ? "placed: replacement for " + draft.ReplacesOrder + ", no charge" : "placed", nowMs));
                if (!free)
                {
                    // The conversation's measured basket (nudged or held out) led to this order.
                    var conversation = draft.Channel + ":" + draft.UserId;
                    var since = nowMs - (long)NudgeMeasurement.Window.TotalMilliseconds;
                    await db.Nudges.Where(n => n.Conversation == conversation && n.OrderNumber == null && n.AtMs >= since)
                        .ExecuteUpdateAsync(u => u.SetProperty(n => n.OrderNumber, order.Number).SetProperty(n => n.OrderSatang, order.TotalSatang), cancellationToken);
                }

                var customer = await RememberOnCustomerAsync(order, priced?.Customer.CustomerId, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                if (customer is not null)
                {
                    await scores.RescoreCustomerAsync(customer, cancellationToken);
                }
            }
            catch (DbUpdateException)
            {
                // Another instance placed the same key between our check and our insert: theirs stands.
                await RollBackAsync();
                if (await FindByKeyAsync(draft.IdempotencyKey, cancellationToken) is { } raced)
                {
                    return new PlaceOrderResult.AlreadyPlaced(raced);
                }

                throw;
            }

            // The rows other orders wait for come last, so they are held for as short a time as can
            // be: a limited promotion's, then each product's.
            if (priced is not null && await ClaimLimitedAsync(priced.Quote, priced.Customer.CustomerId, order.Id, cancellationToken) is { } taken)
            {
                // A limited promotion ran out (or this customer used it up) since the shopper was
                // shown the price: nothing is placed, and the shopper is asked again at the new price.
                await RollBackAsync();
                var usage = await promotions.UsageAsync(taken, priced.Customer.CustomerId, cancellationToken);
                return new PlaceOrderResult.PriceChanged(BasketPricer.Price(taken, usage, products, [shipping], priced.Request).Quote);
            }

            if (atCommit)
            {
                // In the turn's commit, as its last statements: every shopper buying the same product
                // would otherwise wait for this turn's replies to be made, not just for its commit.
                foreach (var (sku, quantity) in wanted)
                {
                    writes.ClaimAtCommit(TakeStock, [("@ts", sku), ("@tq", quantity)], catalog.StockChanged);
                }
            }
            else
            {
                var unavailable = new List<string>();
                foreach (var (sku, quantity) in wanted)
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
                    await RollBackAsync();
                    return new PlaceOrderResult.OutOfStock(unavailable);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            if (!atCommit)
            {
                catalog.StockChanged();
            }

            return new PlaceOrderResult.Placed(order);
        }

        async Task RollBackAsync()
        {
            await db.Database.CurrentTransaction!.RollbackToSavepointAsync(savepoint, cancellationToken);
            // What the rolled-back writes saved is not in the database: forget it.
            db.ChangeTracker.Clear();
        }
    }

    private const string PlaceSavepoint = "place_order";

    private const string PlannedSavepoint = KeyPlans.Statement + ";SAVEPOINT " + PlaceSavepoint;

    /// <summary>A product's stock taken by an order, if there is enough of it.</summary>
    private const string TakeStock = "UPDATE products SET \"Stock\"=\"Stock\"-@tq WHERE \"Sku\"=@ts AND \"Stock\">=@tq";

    private sealed record Priced(PriceQuote Quote, PricingCustomer Customer, BasketPricingRequest Request);

    /// <summary>
    /// The order's price from the products as read now and the shop's promotions. A price the
    /// shopper was shown within <see cref="PromotionOptions.HonourFor"/> is priced as of then, so a
    /// promotion that ended meanwhile is honoured; later, at the current promotions.
    /// </summary>
    private async Task<Priced> PriceAsync(OrderDraft draft, Dictionary<string, Product> products, ShippingMethod shipping, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var customer = await db.Contacts.AsNoTracking().Where(k => k.Channel == draft.Channel && k.UserId == draft.UserId && k.CustomerId != null)
            .Join(db.Customers, k => k.CustomerId, c => c.Id, (k, c) => new PricingCustomer(c.Id, c.Tier, c.Segment))
            .FirstOrDefaultAsync(cancellationToken) ?? PricingCustomer.Anonymous;
        var at = draft.PricedAt is { } shown && shown <= now && now - shown <= promotionOptions.Value.HonourFor ? shown : now;
        var book = await promotions.BookAsync(cancellationToken);
        var usage = book.HasLimits ? await promotions.UsageAsync(book, customer.CustomerId, cancellationToken) : PromotionUsage.None;
        var request = new BasketPricingRequest(draft.Lines, at) { Customer = customer, Codes = draft.Codes, ShippingMethodId = shipping.Id };
        var quote = BasketPricer.Price(book, usage, products, [shipping], request).Quote;
        if (at == now || draft.ExpectedTotalSatang is not { } expected || quote.TotalSatang + draft.PaymentFeeSatang == expected)
        {
            return new Priced(quote, customer, request);
        }

        // Shown a moment ago with a promotion that has since ended or been switched off: honoured.
        var honoured = BasketPricer.Price(book.Honouring(draft.PricedPromotions.ToHashSet(StringComparer.Ordinal)), usage, products, [shipping], request).Quote;
        return new Priced(honoured.TotalSatang + draft.PaymentFeeSatang == expected ? honoured : quote, customer, request);
    }

    /// <summary>
    /// Takes a use of each limited promotion the order gets, under the promotion's row lock (a
    /// second order waits, then counts this one). Null when all were free to take; else the book
    /// to price again with (the uses counted afresh).
    /// </summary>
    /// <param name="orderId">The order taking them, written already in this transaction: its own uses are not counted.</param>
    private async Task<PromotionBook?> ClaimLimitedAsync(PriceQuote quote, string? customerId, long orderId, CancellationToken cancellationToken)
    {
        foreach (var applied in quote.Applied.Where(a => a.Promotion.MaxUses is not null || a.Promotion.MaxUsesPerCustomer is not null).OrderBy(a => a.Promotion.Id, StringComparer.Ordinal))
        {
            var id = applied.Promotion.Id;
            // The lock: an update that changes nothing still takes the row.
            var exists = await db.Promotions.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Kind, p => p.Kind), cancellationToken) > 0;
            var used = await db.OrderPromotions.CountAsync(u => u.PromotionId == id && !u.Released && u.OrderId != orderId, cancellationToken);
            var mine = customerId is null ? 0 : await db.OrderPromotions.CountAsync(u => u.PromotionId == id && u.CustomerId == customerId && !u.Released && u.OrderId != orderId, cancellationToken);
            if (!exists || used >= (applied.Promotion.MaxUses ?? int.MaxValue) || mine >= (applied.Promotion.MaxUsesPerCustomer ?? int.MaxValue))
            {
                return await promotions.BookAsync(cancellationToken);
            }
        }

        return null;
    }

    /// <summary>
    /// The order on its customer's record: the phone and address used (for next time and for
    /// finding the customer by phone) and a touchpoint of its own.
    /// </summary>
    /// <param name="pricedFor">The customer the order was priced for, read from the chat already (not read again).</param>
    private async Task<string?> RememberOnCustomerAsync(Order order, string? pricedFor, CancellationToken cancellationToken)
    {
        var customerId = pricedFor
            ?? await db.Contacts.Where(c => c.Channel == order.Channel && c.UserId == order.UserId).Select(c => c.CustomerId).FirstOrDefaultAsync(cancellationToken);
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
        var others = await db.CustomerPhones.AsNoTracking()
            .Where(p => p.Phone == phone && p.CustomerId != customerId && db.Customers.Any(c => c.Id == p.CustomerId && c.MergedIntoId == null))
            .Select(p => p.CustomerId).ToListAsync(cancellationToken);
        if (others.Count == 0)
        {
            // Nobody else ordered with this phone (nearly every order): nothing more to read.
            return null;
        }

        var mine = await db.Contacts.AsNoTracking().Where(k => k.CustomerId == customerId).Select(k => k.Channel).Distinct().ToListAsync(cancellationToken);
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
        db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Promotions).FirstOrDefaultAsync(o => o.IdempotencyKey == idempotencyKey, cancellationToken);

    public Task<Order?> GetAsync(string number, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Promotions).FirstOrDefaultAsync(o => o.Number == number.ToUpperInvariant(), cancellationToken);

    /// <remarks>
    /// Asked in turns (checkout's start, order status, a payment or complaint about an order). On
    /// PostgreSQL, outside a transaction, it runs in one of its own under <see cref="KeyPlans"/>, so
    /// it is planned once a connection: planned for each execution, its joins took 2.6–5.9 ms of
    /// planning a call in the load tool at 2,000 offered (500 calls, 1.3–3.0 s of the server's time
    /// in a run), its execution 0.1–0.4 ms. It reaches its rows by keys only (the customer's chat,
    /// each order's id).
    /// </remarks>
    public async Task<IReadOnlyList<Order>> ForCustomerAsync(string channel, string userId, int max, CancellationToken cancellationToken)
    {
        var query = db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Promotions)
            .Where(o => o.Channel == channel && o.UserId == userId)
            .OrderByDescending(o => o.CreatedAtMs).ThenByDescending(o => o.Id)
            .Take(max);
        if (writes.IsSqlite || db.Database.CurrentTransaction is not null)
        {
            return await query.ToListAsync(cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(KeyPlans.Statement, cancellationToken);
        var orders = await query.ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return orders;
    }

    /// <remarks>
    /// Checkout's first step: four columns of the chat's newest order in one statement (not the
    /// order with its lines and promotions: four round trips). On PostgreSQL under
    /// <see cref="KeyPlans"/> in the same round trip, so it is planned once a connection: planned
    /// for its values it cost the server 0.34 ms of planning a call against 0.02 ms of execution in
    /// whole conversations at 2,000 offered (1,953 calls, 665 ms in a 30 s run, a third of all the
    /// planning there). The settings are put back after it, for a turn's transaction that goes on.
    /// </remarks>
    public async Task<DeliveryDetails?> LastDeliveryAsync(string channel, string userId, CancellationToken cancellationToken)
    {
        await using var use = await db.UseConnectionAsync(cancellationToken);
        await using var command = writes.ByKeyCommand(use, LastDeliveryQuery).With("@c", channel).With("@u", userId);
        await using var reader = await writes.ReadByKeyAsync(command, cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new DeliveryDetails(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3))
            : null;
    }

    /// <summary>The chat's newest order's name, phone, address and postcode (the index of a chat's orders by time).</summary>
    internal const string LastDeliveryQuery =
        "SELECT \"CustomerName\",\"Phone\",\"Address\",\"Postcode\" FROM orders WHERE \"Channel\"=@c AND \"UserId\"=@u ORDER BY \"CreatedAtMs\" DESC,\"Id\" DESC LIMIT 1";

    public async Task<IReadOnlyList<Order>> ListAsync(OrderStatus? status, int skip, int take, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Promotions)
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
                // Its promotions' uses are given back (a voucher may be used again).
                await db.OrderPromotions.Where(u => u.OrderId == order.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Released, true), cancellationToken);
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

        if (order.Status == OrderStatus.Cancelled && statusBefore != OrderStatus.Cancelled)
        {
            // Its stock goes back last, as an order takes it (products after customers, in SKU
            // order): a cancel and an order never wait for each other.
            foreach (var line in order.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal))
            {
                await db.Products.Where(p => p.Sku == line.Sku)
                    .ExecuteUpdateAsync(u => u.SetProperty(p => p.Stock, p => p.Stock + line.Quantity), cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        if (order.Status == OrderStatus.Cancelled && statusBefore != OrderStatus.Cancelled)
        {
            // Told after the commit: a snapshot read before it would keep the old stock.
            catalog.StockChanged();
        }

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
        return await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Promotions)
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
        return await rows.Include(o => o.Lines).Include(o => o.Promotions).FirstOrDefaultAsync(o => o.Number == key, cancellationToken);
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
