using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;

namespace ChatCommerce.UnitTests.Orders;

public sealed class BasketAndShippingTests
{
    private static readonly Dictionary<string, Product> Products = DemoCatalog.Products.ToDictionary(p => p.Sku);

    [Fact]
    public void AddingTheSameProductAndSizeMergesLinesAndOtherSizesStaySeparate()
    {
        var basket = Basket.Empty.Add("TS-BLK", 1, "M").Add("TS-BLK", 2, "M").Add("TS-BLK", 1, "L").Add("SN-MNG", 2, null);
        Assert.Equal(["TS-BLK/M", "TS-BLK/L", "SN-MNG"], basket.Lines.Select(l => l.Key));
        Assert.Equal(3, basket.Lines[0].Quantity);
        Assert.Equal(6, basket.ItemCount);
        Assert.Equal(new Money((259 * 4 + 120 * 2) * 100L), basket.Subtotal(Products));
        Assert.Equal((180 * 4) + (220 * 2), basket.WeightGrams(Products));
        Assert.True(Basket.Empty.IsEmpty);
    }

    [Fact]
    public void SameContentAgreesWithTheContentKey()
    {
        var a = Basket.Empty.Add("TS-BLK", 1, "M").Add("SN-MNG", 2, null).WithCode("SAVE10");
        var reordered = Basket.Empty.Add("SN-MNG", 2, null).Add("TS-BLK", 1, "M").WithCode("save-10");
        Basket[] others =
        [
            a.Add("SN-MNG", 1, null),
            a.Add("TS-BLK", 1, "L"),
            a.Remove("SN-MNG"),
            a.WithCode("FREESHIP"),
            Basket.Empty.Add("TS-BLK", 1, "M").Add("SN-MNG", 2, null),
            Basket.Empty.Add("TS-BLK", 1, "L").Add("SN-MNG", 2, null).WithCode("SAVE10"),
        ];

        Assert.True(a.SameContent(reordered));
        Assert.Equal(a.ContentKey(), reordered.ContentKey());
        Assert.True(a.SameContent(a with { LastNudge = "shown" }));
        Assert.Same(a, a.WithCode("Save-10"));
        foreach (var other in others)
        {
            Assert.False(a.SameContent(other));
            Assert.False(other.SameContent(a));
            Assert.NotEqual(a.ContentKey(), other.ContentKey());
        }
    }

    [Fact]
    public void QuantitiesAreCappedAndZeroRemoves()
    {
        var basket = Basket.Empty.Add("SN-MNG", 500, null);
        Assert.Equal(Basket.MaxQuantity, basket.Lines[0].Quantity);
        Assert.Equal(4, basket.SetQuantity("SN-MNG", 4).Lines[0].Quantity);
        Assert.True(basket.SetQuantity("SN-MNG", 0).IsEmpty);
        Assert.True(basket.Remove("SN-MNG").IsEmpty);
        Assert.Same(basket.Lines[0], basket.Remove("nothing").Lines[0]);
    }

    [Fact]
    public void ABasketHasAtMostTwentyLines()
    {
        var basket = Enumerable.Range(0, Basket.MaxLines).Aggregate(Basket.Empty, (b, i) => b.Add("S" + i, 1, null));
        Assert.Throws<InvalidOperationException>(() => basket.Add("one-more", 1, null));
        Assert.Equal(2, basket.Add("S3", 1, null).Lines[3].Quantity);
    }

    [Fact]
    public void LinesOfProductsThatAreGoneCountNothing()
    {
        var basket = Basket.Empty.Add("GONE", 3, null).Add("SN-MNG", 1, null);
        Assert.Equal(new Money(12000), basket.Subtotal(Products));
    }

    [Theory]
    [InlineData(500, 4000)]
    [InlineData(1000, 4000)]
    [InlineData(1001, 5000)]
    [InlineData(3200, 7000)]
    public void StandardShippingChargesPerOrderPlusExtraKilograms(int grams, long fee)
    {
        var standard = ShippingOptions.Defaults[0];
        Assert.Equal(new Money(fee), standard.Fee(grams));
    }

    [Fact]
    public void ABasketKeepsItsLastFewCodesOnceEach()
    {
        var basket = Basket.Empty.WithCode("A1").WithCode("a1").WithCode("B2").WithCode("C3").WithCode("D4");
        Assert.Equal(["B2", "C3", "D4"], basket.Codes);
    }
}

public sealed class OrderStatusRulesTests
{
    [Theory]
    [InlineData(OrderStatus.AwaitingPayment, OrderStatus.Confirmed, true)]
    [InlineData(OrderStatus.AwaitingPayment, OrderStatus.Shipped, false)]
    [InlineData(OrderStatus.Confirmed, OrderStatus.Shipped, true)]
    [InlineData(OrderStatus.Packed, OrderStatus.Cancelled, true)]
    [InlineData(OrderStatus.Shipped, OrderStatus.Cancelled, false)]
    [InlineData(OrderStatus.Shipped, OrderStatus.Delivered, true)]
    [InlineData(OrderStatus.Delivered, OrderStatus.Shipped, false)]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Confirmed, false)]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Cancelled, true)]
    public void OrdersMoveForwardOrAreCancelledBeforeShipping(OrderStatus from, OrderStatus to, bool allowed) =>
        Assert.Equal(allowed, OrderStatusRules.CanMove(from, to));
}
