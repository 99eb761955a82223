using System.Text.RegularExpressions;

namespace ChatCommerce.Language.Intents;

/// <summary>
/// Finds where a message joins two requests: "add 2 more and check out", "เอาเพิ่มอีกสองตัว
/// แล้วคิดเงินเลย". A split counts only when both sides are confident requests of kinds that are
/// done one after the other (pick, look at the basket, ask, then check out or pay); context before
/// a request ("เมื่อวานสั่งไป แล้ววันนี้ไม่เอาแล้ว") is one request, judged by its last clause.
/// </summary>
public static partial class Requests
{
    /// <summary>Intents a first request may have.</summary>
    private static readonly HashSet<string> First = [Intent.AddToCart, Intent.ViewCart, Intent.ProductInfo, Intent.Promotion];

    /// <summary>Intents a second request may have.</summary>
    private static readonly HashSet<string> Second = [Intent.Checkout, Intent.ViewCart, Intent.Payment, Intent.AddToCart, Intent.Promotion];

    /// <summary>Both sides must be at least this sure of what they ask.</summary>
    public const float Confidence = 0.6f;

    /// <summary>The two requests of <paramref name="text"/> (their words and intents), or null for a message of one.</summary>
    /// <remarks>Two picks of different products ("2 mango and 1 durian chips") are two requests too.</remarks>
    public static (string First, IntentPrediction FirstIntent, string Second, IntentPrediction SecondIntent)? Split(string text, Func<string, IntentPrediction> predict, Func<string, bool> namesProduct)
    {
        if (text.Length > 300)
        {
            return null;
        }

        foreach (Match joint in Joint().Matches(text))
        {
            var left = text[..joint.Index].Trim(' ', ',');
            var right = text[(joint.Index + joint.Length)..].Trim(' ', ',');
            if (left.Count(char.IsLetterOrDigit) < 3 || right.Count(char.IsLetterOrDigit) < 3)
            {
                continue;
            }

            // The first side decides whether the second is worth classifying.
            var a = predict(left);
            if (a.Confidence < Confidence || !First.Contains(a.Intent))
            {
                continue;
            }

            var b = predict(right);
            var inTurn = a.Intent != b.Intent && b.Confidence >= Confidence && Second.Contains(b.Intent);
            var twoPicks = a.Intent == Intent.AddToCart && b.Intent is Intent.AddToCart or Intent.Unknown && namesProduct(left) && namesProduct(right);
            if (inTurn || twoPicks)
            {
                return (left, a, right, b);
            }
        }

        return null;
    }

    [GeneratedRegex(@",?\s*\b(?:and then|and|then|after that|also)\b\s*|\s*(?:แล้วก็|แล้วจะ|แล้ว(?=\s*(?:ขอ|คิด|เช็ค|สรุป|ปิด|จ่าย|โอน|ดู|เอา|ใส่|เพิ่ม|ยืนยัน|คอนเฟิร์ม|cf|check))|จากนั้น|และ|ละก็)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Joint();
}
