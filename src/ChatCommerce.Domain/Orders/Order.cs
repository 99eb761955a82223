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

    /// <summary>"cod" (cash on delivery) or "later" (pay later, by the payment flow or staff).</summary>
    public string PaymentMethod { get; set; } = "";

    public OrderStatus Status { get; set; }

    public string? TrackingNumber { get; set; }

    public int LeadDaysMin { get; set; }

    public int LeadDaysMax { get; set; }

    public long CreatedAtMs { get; set; }

    public long UpdatedAtMs { get; set; }

    public List<OrderLine> Lines { get; set; } = [];
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
