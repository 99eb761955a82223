using ChatCommerce.Domain.Payments;
using ChatCommerce.FakePlatforms.Payments;

namespace ChatCommerce.UnitTests.Payments;

public sealed class PaymentSettingsTests
{
    private static PaymentSettings Settings(string promptPay = "0812345678", string[]? methods = null, TransferAccount? transfer = null, CashOnDeliveryRules? cod = null) =>
        new(promptPay, methods ?? [], transfer ?? new TransferAccount(), cod ?? new CashOnDeliveryRules(), 24, 6);

    [Fact]
    public void OnlyMethodsThatAreSetUpAreOffered()
    {
        Assert.Equal(["promptpay", "cod"], Settings().Available(cardConfigured: false));
        Assert.Equal(["cod"], Settings(promptPay: "12345").Available(false));
        var bank = new TransferAccount { BankName = "SCB", AccountNumber = "111-2-33333-4", AccountName = "ร้านตัวอย่าง" };
        Assert.Equal(["promptpay", "transfer", "card", "cod"], Settings(transfer: bank).Available(true));
        Assert.Equal(["card", "promptpay"], Settings(methods: ["card", "promptpay", "transfer"], transfer: null).Available(true));
        Assert.Empty(Settings(promptPay: "", cod: new CashOnDeliveryRules { Enabled = false }).Available(false));
    }

    [Theory]
    [InlineData(0, null, 100, true)]
    [InlineData(50000, null, 49999, false)]
    [InlineData(50000, 200000L, 200000, true)]
    [InlineData(50000, 200000L, 200001, false)]
    public void CashOnDeliveryHasAMinimumAndAMaximum(long min, long? max, long total, bool allowed) =>
        Assert.Equal(allowed, new CashOnDeliveryRules { MinSatang = min, MaxSatang = max }.Allows(total));

    [Fact]
    public void FakeSlipsCarryTheirAmountAndReferenceAndAreTheSamePictureForTheSameText()
    {
        Assert.Equal((28000L, "T1"), FakeSlips.Read(FakeSlips.Picture("amount=280 ref=T1")));
        Assert.Equal((12050L, (string?)null), FakeSlips.Read(FakeSlips.Picture("amount=120.50")));
        Assert.Equal(FakeSlips.Picture("amount=1 ref=A"), FakeSlips.Picture("amount=1 ref=A"));
        Assert.Equal([0xFF, 0xD8], FakeSlips.Picture("x")[..2]);
    }
}
