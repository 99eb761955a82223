using System.Globalization;

namespace ChatCommerce.Web.Console;

/// <summary>Times as staff read them: the shop's clock (Asia/Bangkok by default).</summary>
public static class Time
{
    private static readonly TimeZoneInfo Bangkok = TimeZoneInfo.FindSystemTimeZoneById("Asia/Bangkok");

    public static string Of(ConsoleText t, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Bangkok).ToString(t.Lang == "en" ? "d MMM HH:mm" : "d MMM HH:mm", t.Lang == "en" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("th-TH"));

    public static string Of(ConsoleText t, long atMs) => Of(t, DateTimeOffset.FromUnixTimeMilliseconds(atMs));

    public static string Baht(long satang) => "฿" + (satang / 100m).ToString("#,0.##", CultureInfo.InvariantCulture);
}
