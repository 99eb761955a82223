using System.Globalization;

namespace ChatCommerce.Web.Console;

/// <summary>Times as staff read them: on the shop's clock (<c>ChatCommerce:Shop:TimeZone</c>).</summary>
public static class Time
{
    public static string Of(ConsoleText t, DateTimeOffset at) =>
        t.Shop.Local(at).ToString("d MMM HH:mm", t.Lang == "en" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("th-TH"));

    public static string Of(ConsoleText t, long atMs) => Of(t, DateTimeOffset.FromUnixTimeMilliseconds(atMs));

    public static string Baht(long satang) => "฿" + (satang / 100m).ToString("#,0.##", CultureInfo.InvariantCulture);
}
