using ChatCommerce.Domain.Cases;

namespace ChatCommerce.Dialogs.Complaints;

/// <summary>
/// How a complaint is recognised and weighed: words of damage, loss and lateness; the category
/// they point to; a severity from category, feeling, order value and earlier complaints; and when
/// a person must answer, in the shop's working hours.
/// </summary>
public static class ComplaintRules
{
    /// <summary>Phrases that make a message a complaint whatever the intent model says, by category.</summary>
    private static readonly (string Category, string[] Words)[] Signals =
    [
        (CaseCategories.Damaged, ["แตก", "เสียหาย", "ชำรุด", "พัง", "บุบ", "ฉีกขาด", "รั่ว", "broken", "damaged", "cracked", "smashed", "leaking", "torn"]),
        (CaseCategories.WrongItem, ["ผิดสี", "ผิดไซส์", "ผิดไซซ์", "ผิดรุ่น", "ส่งผิด", "ได้ของผิด", "ได้สินค้าผิด", "ไม่ตรงปก", "wrong item", "wrong size", "wrong colour", "wrong color", "not what i ordered"]),
        (CaseCategories.Missing, ["ไม่ครบ", "ขาดไป", "ของหาย", "ไม่ได้รับของ", "ยังไม่ได้รับ", "ของไม่มา", "หายไป", "missing", "never arrived", "didn't arrive", "did not arrive", "not received", "lost"]),
        (CaseCategories.Late, ["ช้ามาก", "ส่งช้า", "ยังไม่ได้ของ", "รอนานมาก", "นานแล้วยังไม่", "so late", "too late", "still waiting", "delayed"]),
        (CaseCategories.Quality, ["คุณภาพแย่", "ของปลอม", "ใช้ไม่ได้", "หมดอายุ", "บูด", "เสีย", "poor quality", "fake", "doesn't work", "does not work", "expired"]),
        (CaseCategories.Service, ["บริการแย่", "ไม่ตอบ", "ตอบช้า", "พูดจาไม่ดี", "rude", "bad service", "no one answers", "nobody answers"]),
    ];

    /// <summary>The category the message's words point to; null when none does.</summary>
    public static string? CategoryOf(string? text)
    {
        var lower = (text ?? "").ToLowerInvariant();
        foreach (var (category, words) in Signals)
        {
            if (words.Any(w => lower.Contains(w, StringComparison.Ordinal)))
            {
                return category;
            }
        }

        return null;
    }

    /// <summary>
    /// Medium for damage, a wrong item or something missing, low otherwise; one step up each for a
    /// strongly negative message, an order of ฿2,000 or more, and a complaint within 90 days before.
    /// </summary>
    public static CaseSeverity Severity(string category, bool stronglyNegative, long orderTotalSatang, bool repeat)
    {
        var level = category is CaseCategories.Damaged or CaseCategories.WrongItem or CaseCategories.Missing ? 1 : 0;
        level += stronglyNegative ? 1 : 0;
        level += orderTotalSatang >= 200_000 ? 1 : 0;
        level += repeat ? 1 : 0;
        return (CaseSeverity)Math.Min(level, (int)CaseSeverity.High);
    }

    /// <summary>Working hours a person has to answer: 2 for high, 8 for medium, 24 for low.</summary>
    public static TimeSpan AnswerWithin(CaseSeverity severity) => severity switch
    {
        CaseSeverity.High => TimeSpan.FromHours(2),
        CaseSeverity.Medium => TimeSpan.FromHours(8),
        _ => TimeSpan.FromHours(24),
    };

    /// <summary>
    /// <paramref name="work"/> of working time after <paramref name="from"/> (shop-local time),
    /// counting only the hours from <paramref name="open"/> to <paramref name="close"/> each day.
    /// </summary>
    public static DateTimeOffset AddWorkingTime(DateTimeOffset from, TimeSpan work, TimeOnly open, TimeOnly close)
    {
        var at = from;
        var left = work;
        for (var guard = 0; guard < 400 && left > TimeSpan.Zero; guard++)
        {
            var dayStart = new DateTimeOffset(at.Date + open.ToTimeSpan(), at.Offset);
            var dayEnd = new DateTimeOffset(at.Date + close.ToTimeSpan(), at.Offset);
            if (at < dayStart)
            {
                at = dayStart;
            }

            if (at >= dayEnd)
            {
                at = new DateTimeOffset(at.Date.AddDays(1) + open.ToTimeSpan(), at.Offset);
                continue;
            }

            var today = dayEnd - at;
            if (left <= today)
            {
                return at + left;
            }

            left -= today;
            at = new DateTimeOffset(at.Date.AddDays(1) + open.ToTimeSpan(), at.Offset);
        }

        return at;
    }
}
