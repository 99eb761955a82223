namespace ChatCommerce.Domain.Orders;

public enum OrderStatus
{
    /// <summary>Placed; payment not yet received (pay later).</summary>
    AwaitingPayment,

    /// <summary>Placed with cash on delivery, or paid: to be packed.</summary>
    Confirmed,
    Packed,
    Shipped,
    Delivered,
    Cancelled,
}

public sealed class Order
{
    public long Id { get; set; }

    /// <summary>What the shopper and staff call it: "CC000123".</summary>
    public string Number { get; set; } = "";

    /// <summary>Makes placing an order safe to repeat: a second confirm finds the first order.</summary>
    public string IdempotencyKey { get; set; } = "";

    public string Channel { get; set; } = "";

    public string UserId { get; set; } = "";

    public string Locale { get; set; } = "th";

    public string CustomerName { get; set; } = "";

    public string Phone { get; set; } = "";

    public string Address { get; set; } = "";

    public string Postcode { get; set; } = "";

    public string ShippingMethod { get; set; } = "";

    public long SubtotalSatang { get; set; }

    public long ShippingFeeSatang { get; set; }

    public long TotalSatang { get; set; }

    /// <summary>Added for the payment method (cash on delivery's fee), in satang; part of the total.</summary>
    public long PaymentFeeSatang { get; set; }

    /// <summary>How the shopper chose to pay (<c>Payments.PaymentMethods</c>); older orders may say "later".</summary>
    public string PaymentMethod { get; set; } = "";

    /// <summary>Whether the money is in, independent of packing and shipping.</summary>
    public PaymentState PaymentState { get; set; }

    /// <summary>Unpaid orders: when the order is cancelled and its stock released if still unpaid.</summary>
    public long? PaymentDueAtMs { get; set; }

    /// <summary>When the payment reminder was queued (it goes once).</summary>
    public long? ReminderSentAtMs { get; set; }

    public long? PaidAtMs { get; set; }

    public OrderStatus Status { get; set; }

    public string? TrackingNumber { get; set; }

    /// <summary>Promotion discount taken off the subtotal, in satang (a price-sensitive shopper's orders have one).</summary>
    public long DiscountSatang { get; set; }

    /// <summary>What was bought, as a short hash of the sorted lines: the same basket again has the same key.</summary>
    public string? BasketKey { get; set; }

    public int LeadDaysMin { get; set; }

    public int LeadDaysMax { get; set; }

    public long CreatedAtMs { get; set; }

    public long UpdatedAtMs { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    /// <summary>The promotions the order got, as they were when it was placed.</summary>
    public List<OrderPromotion> Promotions { get; set; } = [];
}

/// <summary>
/// A promotion an order got: its name and what it took off when the order was placed (free
/// shipping: the fee waived). Counts toward the promotion's limits until the order is cancelled.
/// </summary>
public sealed class OrderPromotion
{
    public long OrderId { get; set; }

    public string PromotionId { get; set; } = "";

    public string Name { get; set; } = "";

    public string? NameEn { get; set; }

    public string Kind { get; set; } = "";

    public long DiscountSatang { get; set; }

    public string? CustomerId { get; set; }

    public long AtMs { get; set; }

    /// <summary>The order was cancelled: the use no longer counts toward the limits.</summary>
    public bool Released { get; set; }

    public string DisplayName(string locale) => locale == "en" && !string.IsNullOrWhiteSpace(NameEn) ? NameEn : Name;
}

/// <summary>Where an order's money stands. Persisted as its name.</summary>
public enum PaymentState
{
    /// <summary>Nothing received yet.</summary>
    Unpaid,

    /// <summary>A slip is waiting for staff: the deadline does not cancel it.</summary>
    Verifying,

    Paid,

    /// <summary>Cash on delivery: collected by the carrier.</summary>
    OnDelivery,
}

/// <summary>A change of an order: its status and payment state after it, who made it, when, and why.</summary>
public sealed class OrderHistoryEntry
{
    public long Id { get; set; }

    public long OrderId { get; set; }

    public OrderStatus Status { get; set; }

    public PaymentState PaymentState { get; set; }

    /// <summary>"shopper", "staff", "stripe", "verifier", "system".</summary>
    public string Actor { get; set; } = "";

    public string? Note { get; set; }

    public long AtMs { get; set; }
}

public sealed class OrderLine
{
    public long Id { get; set; }

    public long OrderId { get; set; }

    public string Sku { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Size { get; set; }

    public int Quantity { get; set; }

    public long UnitPriceSatang { get; set; }

    /// <summary>What item promotions took off this line (the line costs UnitPrice × Quantity − this).</summary>
    public long DiscountSatang { get; set; }
}

public static class OrderStatusRules
{
    /// <summary>
    /// Where an order may go next: forward through payment, packing, shipping and delivery, or
    /// cancelled before it ships. Delivered and cancelled orders are final.
    /// </summary>
    public static bool CanMove(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        _ when from == to => true,
        (OrderStatus.AwaitingPayment, OrderStatus.Confirmed or OrderStatus.Cancelled) => true,
        (OrderStatus.Confirmed, OrderStatus.Packed or OrderStatus.Shipped or OrderStatus.Cancelled) => true,
        (OrderStatus.Packed, OrderStatus.Shipped or OrderStatus.Cancelled) => true,
        (OrderStatus.Shipped, OrderStatus.Delivered) => true,
        _ => false,
    };
}
