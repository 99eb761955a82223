namespace ChatCommerce.Domain.Orders;

/// <summary>What the checkout asks to be placed.</summary>
public sealed record OrderDraft(
    string IdempotencyKey,
    string Channel,
    string UserId,
    string Locale,
    string CustomerName,
    string Phone,
    string Address,
    string Postcode,
    string ShippingMethodId,
    string PaymentMethod,
    IReadOnlyList<BasketLine> Lines)
{
    /// <summary>Added to the total for the payment method (cash on delivery's fee), in satang.</summary>
    public long PaymentFeeSatang { get; init; }

    /// <summary>When an unpaid order is cancelled; null for cash on delivery.</summary>
    public DateTimeOffset? PaymentDueAt { get; init; }

    /// <summary>
    /// A replacement sent for this order after a complaint: the stock is reserved as for any order,
    /// nothing is charged (prices, shipping and total are zero), and it is confirmed at once.
    /// </summary>
    public string? ReplacesOrder { get; init; }

    /// <summary>Who placed it, for the order's history ("shopper", "console:3").</summary>
    public string Actor { get; init; } = "shopper";

    /// <summary>Voucher codes the shopper entered.</summary>
    public IReadOnlyList<string> Codes { get; init; } = [];

    /// <summary>
    /// The total (payment fee included) the shopper confirmed; when the order would cost anything
    /// else, nothing is placed and <see cref="PlaceOrderResult.PriceChanged"/> says the new price.
    /// </summary>
    public long? ExpectedTotalSatang { get; init; }

    /// <summary>When the shopper was shown that price (a promotion ending since is honoured for a while).</summary>
    public DateTimeOffset? PricedAt { get; init; }

    /// <summary>The promotions in the price shown: those ended or switched off since are honoured for a while.</summary>
    public IReadOnlyList<string> PricedPromotions { get; init; } = [];
}

public abstract record PlaceOrderResult
{
    public sealed record Placed(Order Order) : PlaceOrderResult;

    /// <summary>The same idempotency key was placed before: nothing new was created.</summary>
    public sealed record AlreadyPlaced(Order Order) : PlaceOrderResult;

    /// <summary>Some lines cannot be reserved; nothing was reserved or created.</summary>
    public sealed record OutOfStock(IReadOnlyList<string> Skus) : PlaceOrderResult;

    public sealed record Invalid(string Reason) : PlaceOrderResult;

    /// <summary>The order would not cost what the shopper confirmed: nothing was placed; this is the price now.</summary>
    public sealed record PriceChanged(Promotions.PriceQuote Quote) : PlaceOrderResult;
}

/// <summary>Orders: placing them (reserving stock, exactly once), reading and moving them on.</summary>
public interface IOrderStore
{
    Task<PlaceOrderResult> PlaceAsync(OrderDraft draft, ShippingMethod shipping, CancellationToken cancellationToken);

    Task<Order?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken);

    Task<Order?> GetAsync(string number, CancellationToken cancellationToken);

    /// <summary>A customer's newest orders first.</summary>
    Task<IReadOnlyList<Order>> ForCustomerAsync(string channel, string userId, int max, CancellationToken cancellationToken);

    /// <summary>Where the customer's newest order went (what a checkout offers to reuse), or null before their first.</summary>
    Task<DeliveryDetails?> LastDeliveryAsync(string channel, string userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Order>> ListAsync(OrderStatus? status, int skip, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Moves an order on (<see cref="OrderStatusRules"/>, else <see cref="OrderTransitionException"/>);
    /// cancelling puts its stock back. The order is read and written under its row lock, so of two
    /// changes at once the second sees the first: two cancels restock once, two "shipped" move it
    /// once. Null when there is no such order.
    /// </summary>
    Task<OrderUpdate?> UpdateAsync(string number, OrderStatus? status, string? trackingNumber, CancellationToken cancellationToken, string actor = "staff", string? note = null);

    /// <summary>
    /// The order read under its row lock inside the caller's open transaction, for a change the
    /// caller saves with <see cref="SaveAsync"/> (a payment settling it). Null when there is none.
    /// </summary>
    Task<Order?> ForUpdateAsync(string number, CancellationToken cancellationToken);

    /// <summary>Saves an order read by <see cref="ForUpdateAsync"/> and records the change in its history.</summary>
    Task SaveAsync(Order order, string actor, string? note, CancellationToken cancellationToken);

    /// <summary>Unpaid orders (nothing received, no slip waiting) due before the time, oldest first.</summary>
    Task<IReadOnlyList<Order>> UnpaidDueBeforeAsync(DateTimeOffset dueBefore, bool notRemindedOnly, int max, CancellationToken cancellationToken);

    /// <summary>Every change of the order, oldest first.</summary>
    Task<IReadOnlyList<OrderHistoryEntry>> HistoryAsync(long orderId, CancellationToken cancellationToken);
}

/// <summary>The order after a change, and what it was just before this change (read under the same lock).</summary>
public sealed record OrderUpdate(Order Order, OrderStatus StatusBefore, string? TrackingBefore)
{
    /// <summary>This change is the one that shipped the order, or gave a shipped order a new tracking number.</summary>
    public bool ShippedNow => Order.Status == OrderStatus.Shipped && (StatusBefore != OrderStatus.Shipped || TrackingBefore != Order.TrackingNumber);
}

public sealed class OrderTransitionException(string number, OrderStatus from, OrderStatus to)
    : Exception($"Order {number} cannot go from {from} to {to}.")
{
    public OrderStatus From => from;

    public OrderStatus To => to;
}

/// <summary>The name, phone and address an order was sent to.</summary>
public sealed record DeliveryDetails(string CustomerName, string Phone, string Address, string Postcode);
