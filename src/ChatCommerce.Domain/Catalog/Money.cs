using System.Globalization;

namespace ChatCommerce.Domain.Catalog;

/// <summary>An amount in Thai baht held as integer satang (1 baht = 100 satang).</summary>
public readonly record struct Money(long Satang) : IComparable<Money>
{
    public static Money Zero => new(0);

    public static Money FromBaht(decimal baht) => new(checked((long)decimal.Round(baht * 100m, MidpointRounding.AwayFromZero)));

    public static Money operator +(Money a, Money b) => new(checked(a.Satang + b.Satang));

    public static Money operator -(Money a, Money b) => new(checked(a.Satang - b.Satang));

    public static Money operator *(Money a, int quantity) => new(checked(a.Satang * quantity));

    public static bool operator <(Money a, Money b) => a.Satang < b.Satang;

    public static bool operator >(Money a, Money b) => a.Satang > b.Satang;

    public static bool operator <=(Money a, Money b) => a.Satang <= b.Satang;

    public static bool operator >=(Money a, Money b) => a.Satang >= b.Satang;

    public int CompareTo(Money other) => Satang.CompareTo(other.Satang);

    /// <summary>"฿1,290" or "฿1,290.50".</summary>
    public string ToDisplay()
    {
        var baht = Satang / 100m;
        var format = Satang % 100 == 0 ? "#,0" : "#,0.00";
        return "฿" + baht.ToString(format, CultureInfo.InvariantCulture);
    }

    public override string ToString() => ToDisplay();
}
