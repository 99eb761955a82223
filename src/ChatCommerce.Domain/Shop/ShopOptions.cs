namespace ChatCommerce.Domain.Shop;

/// <summary>Configuration section <c>ChatCommerce:Shop</c>: who the bot speaks for and how.</summary>
public sealed class ShopOptions
{
    public const string Section = "ChatCommerce:Shop";

    public string NameTh { get; set; } = "ร้านตัวอย่าง ChatCommerce";

    public string NameEn { get; set; } = "ChatCommerce Demo Shop";

    /// <summary>The polite particle the bot ends Thai sentences with: "ค่ะ" or "ครับ".</summary>
    public string PoliteParticle { get; set; } = "ค่ะ";

    /// <summary>Language used until the customer's own is known: "th" or "en".</summary>
    public string DefaultLocale { get; set; } = "th";

    /// <summary>
    /// The HTTPS address the shop is reachable at, used to build product image URLs that LINE and
    /// Messenger can fetch. Empty: images are served locally only and left out of chat messages.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>When staff answer: complaint answer times count only these hours each day (shop time).</summary>
    public TimeOnly OpensAt { get; set; } = new(9, 0);

    public TimeOnly ClosesAt { get; set; } = new(18, 0);

    /// <summary>The shop's time zone (IANA id), for deadlines and receipts shoppers read.</summary>
    public string TimeZone { get; set; } = "Asia/Bangkok";

    /// <summary>The shop's time zone (a fixed +07:00 when the zone is unknown here).</summary>
    public TimeZoneInfo Zone()
    {
        try
        {
            return System.TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (Exception e) when (e is System.TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return System.TimeZoneInfo.CreateCustomTimeZone("ICT", TimeSpan.FromHours(7), "Indochina Time", "ICT");
        }
    }

    /// <summary>The shop's local time of an instant (Bangkok's +07:00 when the zone is unknown here).</summary>
    public DateTimeOffset Local(DateTimeOffset at)
    {
        return System.TimeZoneInfo.ConvertTime(at, Zone());
    }
}
