using System.Globalization;
using System.Text.RegularExpressions;
using ChatCommerce.Domain.Text;
using ChatCommerce.Language.Text;

namespace ChatCommerce.Language.Entities;

/// <summary>
/// Finds what a shopper's message names: phone numbers, postcodes, addresses, order numbers,
/// amounts of money, products (by CF code, name or synonym, forgiving one or two typos), colours,
/// sizes and quantities (digits, Thai digits, Thai and English number words). Spans already taken
/// by one entity are not read again, so a phone number is never a quantity.
/// </summary>
public sealed partial class EntityExtractor(ProductLexicon products)
{
    private static readonly (string Canonical, string[] Words)[] Colours =
    [
        ("black", ["ดำ", "black"]), ("white", ["ขาว", "white"]), ("red", ["แดง", "red"]), ("navy", ["กรม", "กรมท่า", "navy"]),
        ("blue", ["น้ำเงิน", "ฟ้า", "blue"]), ("green", ["เขียว", "green"]), ("yellow", ["เหลือง", "yellow"]),
        ("pink", ["ชมพู", "pink"]), ("purple", ["ม่วง", "purple"]), ("grey", ["เทา", "grey", "gray"]),
        ("brown", ["น้ำตาล", "brown"]), ("orange", ["ส้ม", "orange"]), ("cream", ["ครีม", "cream", "beige"]),
    ];

    /// <summary>What may follow a size in Thai letters ("แอลตัวนึง", "เอ็มค่ะ").</summary>
    private static readonly string[] ThaiSizeFollowers = ["ตัว", "ค่ะ", "คะ", "ครับ", "นะ", "จ้า", "ค่า"];

    private static readonly string[] Units =
        ["ตัว", "ชิ้น", "ถุง", "ขวด", "อัน", "กล่อง", "แท่ง", "ก้อน", "ห่อ", "กระปุก", "ชุด", "ใบ", "คู่", "แพ็ค", "หลอด", "pcs", "pc", "pieces", "piece", "bags", "bag", "bottles", "bottle", "packs", "pack", "boxes", "box", "sets", "set", "units", "x"];

    private static readonly string[] AddressWords =
        ["ถนน", "ถ.", "ซอย", "ซ.", "หมู่", "ม.", "ตำบล", "ต.", "แขวง", "อำเภอ", "อ.", "เขต", "จังหวัด", "จ.", "กรุงเทพ", "บ้านเลขที่", "road", "rd", "soi", "moo", "district", "subdistrict", "province", "bangkok"];

    public IReadOnlyList<Entity> Extract(string? message)
    {
        var text = TextNormalizer.Normalize(message);
        var taken = new bool[text.Length];
        var found = new List<Entity>();

        foreach (Match m in PhonePattern().Matches(text))
        {
            if (ThaiNumbers.Phone(m.Value) is { } digits && Take(taken, m.Index, m.Length))
            {
                found.Add(new Entity(EntityType.Phone, m.Value, m.Index, digits));
            }
        }

        foreach (Match m in OrderPattern().Matches(text))
        {
            var group = m.Groups["id"];
            if (Take(taken, m.Index, m.Length))
            {
                found.Add(new Entity(EntityType.OrderNumber, m.Value, m.Index, "CC-" + group.Value));
            }
        }

        foreach (Match m in MoneyPattern().Matches(text))
        {
            var amount = m.Groups["a"].Success ? m.Groups["a"].Value : m.Groups["b"].Value;
            // Beyond ฿1,000,000,000,000 it is no price anyone means (and would not fit in satang).
            if (decimal.TryParse(amount.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var baht)
                && baht is >= 0 and <= 1_000_000_000_000m && Take(taken, m.Index, m.Length))
            {
                found.Add(new Entity(EntityType.Money, m.Value, m.Index, ((long)decimal.Round(baht * 100)).ToString(CultureInfo.InvariantCulture)));
            }
        }

        FindMoneyInWords(text, taken, found);
        foreach (Match m in MoneyContextPattern().Matches(text))
        {
            var number = m.Groups["n"];
            if (!UnitFollows(text, number.Index + number.Length) && decimal.TryParse(number.Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var baht)
                && baht is > 0 and <= 1_000_000_000m && Take(taken, number.Index, number.Length))
            {
                found.Add(new Entity(EntityType.Money, number.Value, number.Index, ((long)(baht * 100)).ToString(CultureInfo.InvariantCulture)));
            }
        }

        foreach (Match m in PostcodePattern().Matches(text))
        {
            if (ThaiNumbers.IsPostcode(m.Value) && Take(taken, m.Index, m.Length))
            {
                found.Add(new Entity(EntityType.Postcode, m.Value, m.Index, m.Value));
            }
        }

        var address = IsAddress(text, found.Any(e => e.Type == EntityType.Postcode));
        if (address)
        {
            found.Add(new Entity(EntityType.Address, text, 0, text));
        }

        var productSpans = FindProducts(text, taken, found);
        FindColours(text, taken, found, productSpans);
        FindSizes(text, taken, found, productSpans.Count > 0);
        if (!address)
        {
            // House, soi and moo numbers are not quantities.
            FindDozens(text, taken, found);
            FindQuantities(text, taken, found);
        }
        return found.OrderBy(e => e.Start).ToList();
    }

    /// <summary>Finds products; returns where each stands and the names of its product (for colours named inside them).</summary>
    private List<(int Start, int Length, string Names)> FindProducts(string text, bool[] taken, List<Entity> found)
    {
        var spans = new List<(int Start, int Length, string Names)>();
        // CF codes first: "cf dm1 2", "dm1=2", "DM1 x2".
        foreach (Match m in TokenPattern().Matches(text))
        {
            var entry = products.Entries.FirstOrDefault(e => e.CfCode == m.Value);
            if (entry.Sku is not null && Take(taken, m.Index, m.Length))
            {
                found.Add(new Entity(EntityType.Product, m.Value, m.Index, entry.Sku));
                spans.Add((m.Index, m.Length, entry.Names));
            }
        }

        var colours = Colours.Where(c => c.Words.Any(w => text.Contains(w, StringComparison.Ordinal))).Select(c => c.Canonical).ToList();
        var best = new List<(string Sku, int Start, int Length, int Score)>();
        var bigrams = Bigrams(text);
        // Only the keywords that may stand in the text, exactly or misspelt, are searched for.
        Span<int> shared = products.KeywordCount <= 1024 ? stackalloc int[products.KeywordCount] : new int[products.KeywordCount];
        products.CountSharedPairs(bigrams, shared);
        var number = 0;
        foreach (var entry in products.Entries)
        {
            (string Sku, int Start, int Length, int Score)? candidate = null;
            foreach (var keyword in entry.Keywords)
            {
                if (!MaySpellNear(keyword, shared[number++]))
                {
                    continue;
                }

                var (start, length, edits) = Locate(text, keyword);
                var score = (keyword.Length * 10) - (edits * 15);
                if (start >= 0 && !AnyTaken(taken, start, length) && !MeasuresSomethingElse(text, start + length) && (candidate is null || score > candidate.Value.Score))
                {
                    candidate = (entry.Sku, start, length, score);
                }
            }

            if (candidate is { } found1)
            {
                // Longer, exact matches win; a colour the shopper named breaks ties between variants.
                var colourBonus = colours.Any(c => Colours.First(x => x.Canonical == c).Words.Any(w => entry.Names.Contains(w, StringComparison.Ordinal))) ? 5 : 0;
                best.Add(found1 with { Score = found1.Score + colourBonus });
            }
        }

        foreach (var group in best.OrderByDescending(b => b.Score).GroupBy(b => b.Start).Take(3))
        {
            var top = group.First();
            if (!AnyTaken(taken, top.Start, top.Length))
            {
                Take(taken, top.Start, top.Length);
                found.Add(new Entity(EntityType.Product, text.Substring(top.Start, top.Length), top.Start, top.Sku));
                spans.Add((top.Start, top.Length, products.Entries.First(e => e.Sku == top.Sku).Names));
            }
        }

        return spans;
    }

    /// <summary>
    /// "three bags of durian chips", "a box of soaps": a word of a product's name ("bag") used as
    /// the measure of something else names no product; it would put a tote bag in the basket.
    /// </summary>
    private static bool MeasuresSomethingElse(string text, int end)
    {
        var rest = text.AsSpan(end);
        if (rest.StartsWith("es ", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[2..];
        }
        else if (rest.StartsWith("s ", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[1..];
        }

        return rest.StartsWith(" of ", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Colours, also inside a product's words when that product is of that colour
    /// ("เสื้อยืดคอกลมสีดำ" is the black T-shirt and black; "ครีมกันแดด" is sunscreen, not cream).
    /// </summary>
    private static void FindColours(string text, bool[] taken, List<Entity> found, List<(int Start, int Length, string Names)> productSpans)
    {
        foreach (var (canonical, words) in Colours)
        {
            foreach (var word in words)
            {
                var index = text.IndexOf(word, StringComparison.Ordinal);
                var isWord = index >= 0 && (word[0] > 'z' || IsBoundary(text, index, word.Length));
                if (!isWord)
                {
                    continue;
                }

                var inProduct = productSpans.Any(p => index >= p.Start && index + word.Length <= p.Start + p.Length && ContainsWord(p.Names, canonical));
                if (inProduct || !AnyTaken(taken, index, word.Length))
                {
                    if (!inProduct)
                    {
                        Take(taken, index, word.Length);
                    }

                    found.Add(new Entity(EntityType.Colour, word, index, canonical));
                    break;
                }
            }
        }
    }

    private static readonly Dictionary<string, string> SizeWords = new(StringComparer.Ordinal)
    {
        ["เอ็กซ์เอส"] = "XS", ["เอ็กเอส"] = "XS", ["เอ็กซ์แอล"] = "XL", ["เอ็กแอล"] = "XL", ["เอ็กซ์ แอล"] = "XL", ["เอส"] = "S", ["เอ็ม"] = "M", ["แอล"] = "L",
        ["small"] = "S", ["medium"] = "M", ["large"] = "L", ["extra large"] = "XL", ["x-large"] = "XL",
        ["ฟรีไซส์"] = "FREE", ["ฟรีไซซ์"] = "FREE", ["free size"] = "FREE", ["freesize"] = "FREE",
    };

    /// <summary>
    /// Sizes: letters after a size word ("ไซส์ m", "sz l"), letters no word is spelt with ("xl"),
    /// Thai spellings ("ไซส์เอ็ม", "แอลสองตัว"), and, when the message names a product, plain words
    /// and lone letters ("black tee, medium", "the dress in m").
    /// </summary>
    private static void FindSizes(string text, bool[] taken, List<Entity> found, bool namesProduct)
    {
        foreach (Match m in SizePattern().Matches(text))
        {
            var size = m.Groups["s"];
            var afterWord = m.Groups["w"].Success;
            var value = SizeWords.TryGetValue(size.Value, out var word) ? word : size.Value.ToUpperInvariant();
            var thaiLetters = size.Value[0] > 'z' && value is "S" or "M" or "L" or "XL" or "XS";
            var plainWord = size.Value is "small" or "medium" or "large" or "extra large" or "x-large";
            var loneLetter = size.Value.Length == 1;
            // "แอลกอฮอล์" is not size L: a Thai-spelt letter stands alone, before a number, a unit or a space.
            // A message of little more than the size ("m", "เอาแอลค่ะ", "medium please") answers a size question.
            var sizeAlone = text.Length <= size.Length + 10 && (!loneLetter || text.Trim().Length <= 8);
            var allowed = afterWord
                || (thaiLetters && (namesProduct || sizeAlone || EndsThaiSize(text, size.Index + size.Length)))
                || ((plainWord || loneLetter) && (namesProduct || sizeAlone) && (!loneLetter || size.Index == 0 || text[size.Index - 1] != '\''))
                || (!thaiLetters && !plainWord && !loneLetter);
            if (allowed && Take(taken, size.Index, size.Length))
            {
                found.Add(new Entity(EntityType.Size, size.Value, size.Index, value));
            }
        }
    }

    private static bool EndsThaiSize(string text, int end)
    {
        if (end >= text.Length || text[end] == ' ' || char.IsAsciiDigit(text[end]))
        {
            return true;
        }

        return UnitFollows(text, end) || NumberWords.ReadThai(text, end) is not null || StartsWithWord(text.AsSpan(end), ThaiSizeFollowers);
    }

    /// <summary>A unit of things ("ตัว", "ถุง", "pcs") right after <paramref name="end"/>.</summary>
    private static bool UnitFollows(string text, int end) => StartsWithWord(text.AsSpan(end).TrimStart(), Units);

    /// <summary>One of <paramref name="words"/> starts <paramref name="rest"/> (an English one as a whole word; Thai has no spaces to check).</summary>
    private static bool StartsWithWord(ReadOnlySpan<char> rest, string[] words)
    {
        foreach (var word in words)
        {
            if (rest.StartsWith(word, StringComparison.Ordinal) && (word[0] > 'z' || rest.Length == word.Length || !char.IsAsciiLetter(rest[word.Length])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One of <paramref name="words"/> ends <paramref name="before"/> (an English one as a whole word).</summary>
    private static bool EndsWithWord(ReadOnlySpan<char> before, string[] words)
    {
        foreach (var word in words)
        {
            if (before.EndsWith(word, StringComparison.Ordinal) && (word[0] > 'z' || before.Length == word.Length || !char.IsAsciiLetter(before[^(word.Length + 1)])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Money in Thai number words followed by baht: "พันห้าร้อยบาท", "สามร้อยห้าสิบ บาท".</summary>
    private static void FindMoneyInWords(string text, bool[] taken, List<Entity> found)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (taken[i] || NumberWords.ReadThai(text, i) is not { } number)
            {
                continue;
            }

            var end = i + number.Length;
            var rest = text.AsSpan(end).TrimStart();
            if (rest.StartsWith("บาท", StringComparison.Ordinal) && Take(taken, i, number.Length))
            {
                found.Add(new Entity(EntityType.Money, text.Substring(i, number.Length), i, (number.Value * 100L).ToString(CultureInfo.InvariantCulture)));
            }

            i = end - 1;
        }
    }

    /// <summary>Dozens: "โหลนึง" 12, "ครึ่งโหล" 6, "สองโหล" or "2 โหล" 24, "half a dozen" 6, "two dozen" 24.</summary>
    private static void FindDozens(string text, bool[] taken, List<Entity> found)
    {
        for (var at = text.IndexOf("โหล", StringComparison.Ordinal); at >= 0; at = text.IndexOf("โหล", at + 3, StringComparison.Ordinal))
        {
            if (AnyTaken(taken, at, 3))
            {
                continue;
            }

            var start = at;
            var dozens = 1m;
            var before = text[..at].TrimEnd();
            if (before.EndsWith("ครึ่ง", StringComparison.Ordinal))
            {
                dozens = 0.5m;
                start = before.Length - "ครึ่ง".Length;
            }
            else if (NumberBefore(before) is { } counted)
            {
                dozens = counted.Value;
                start = counted.Start;
            }

            var end = at + 3;
            foreach (var one in (string[])["หนึ่ง", "นึง", "เดียว"])
            {
                if (text.AsSpan(end).TrimStart().StartsWith(one, StringComparison.Ordinal))
                {
                    end = text.IndexOf(one, end, StringComparison.Ordinal) + one.Length;
                    break;
                }
            }

            if (!AnyTaken(taken, start, end - start) && Take(taken, start, end - start))
            {
                found.Add(new Entity(EntityType.Quantity, text[start..end], start, ((int)(dozens * 12)).ToString(CultureInfo.InvariantCulture)));
            }
        }

        foreach (Match m in EnglishDozenPattern().Matches(text))
        {
            var count = m.Groups["half"].Success ? 0.5m
                : m.Groups["n"].Success ? (int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : NumberWords.ParseEnglish(m.Groups["n"].Value) ?? 1)
                : 1;
            if (count is > 0 and <= 80 && Take(taken, m.Index, m.Length))
            {
                found.Add(new Entity(EntityType.Quantity, m.Value, m.Index, ((int)(count * 12)).ToString(CultureInfo.InvariantCulture)));
            }
        }
    }

    /// <summary>A number (digits or Thai words) that ends <paramref name="before"/>: its value and where it starts.</summary>
    private static (int Value, int Start)? NumberBefore(string before)
    {
        var digits = before.Length;
        while (digits > 0 && char.IsAsciiDigit(before[digits - 1]))
        {
            digits--;
        }

        if (digits < before.Length && int.TryParse(before.AsSpan(digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return (n, digits);
        }

        for (var start = Math.Max(0, before.Length - 12); start < before.Length; start++)
        {
            if (NumberWords.ReadThai(before, start) is { } word && start + word.Length == before.Length)
            {
                return (word.Value, start);
            }
        }

        return null;
    }

    /// <summary>Words after a number that make it a measure, not a count: "สูง 160 ซม.", "3 days", "ครึ่งชั่วโมง".</summary>
    private static readonly string[] Measures =
        ["ซม", "เซน", "cm", "mm", "kg", "kgs", "กิโล", "กก.", "กรัม", "g", "gram", "grams", "ml", "มล", "มิล", "ลิตร", "นิ้ว", "inch", "inches", "ฟุต", "%", "เปอร์เซ็น",
         "วัน", "day", "days", "ชั่วโมง", "ชม.", "hour", "hours", "hrs", "นาที", "min", "mins", "minutes", "สัปดาห์", "อาทิตย์", "week", "weeks", "เดือน", "month", "months", "ปี", "year", "years", "yrs", "โมง", "am", "pm", "ทุ่ม", "ครั้ง", "times", "รอบ", "ดาว", "stars", "star"];

    /// <summary>Words before a number that make it a measure or a total, not a count: "สูง 155", "หนัก 48", "อายุ 30", "รวมเป็นห้า".</summary>
    private static readonly string[] MeasuredBefore =
        ["สูง", "หนัก", "อายุ", "รอบอก", "เอว", "สะโพก", "ยาว", "กว้าง", "รวม", "รวมเป็น", "ทั้งหมด", "height", "weight", "age", "total", "waist", "chest", "size", "ไซส์", "ไซซ์", "เบอร์", "no.", "number", "ซอย", "soi", "หมู่", "moo", "ชั้น", "floor", "ห้อง", "room"];

    private static bool IsMeasure(string text, int start, int end) =>
        StartsWithWord(text.AsSpan(end).TrimStart(), Measures) || EndsWithWord(text.AsSpan(0, start).TrimEnd(), MeasuredBefore);

    private static void FindQuantities(string text, bool[] taken, List<Entity> found)
    {
        // One of a unit: "ตัวเดียว", "อีกแท่งนึง", "หลอดหนึ่ง".
        foreach (Match m in OneOfUnitPattern().Matches(text))
        {
            var one = m.Groups["one"];
            if (Take(taken, one.Index, one.Length))
            {
                found.Add(new Entity(EntityType.Quantity, m.Value, m.Index, "1"));
            }
        }

        foreach (Match m in NumberPattern().Matches(text))
        {
            if (!AnyTaken(taken, m.Index, m.Length) && !IsMeasure(text, m.Index, m.Index + m.Length) && int.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 1000)
            {
                Take(taken, m.Index, m.Length);
                found.Add(new Entity(EntityType.Quantity, m.Value, m.Index, n.ToString(CultureInfo.InvariantCulture)));
            }
        }

        foreach (Match m in NumberWords.EnglishPattern().Matches(text))
        {
            var isArticle = m.Value is "a" or "an";
            if (!isArticle && !AnyTaken(taken, m.Index, m.Length) && !IsMeasure(text, m.Index, m.Index + m.Length) && NumberWords.ParseEnglish(m.Value) is { } n)
            {
                Take(taken, m.Index, m.Length);
                found.Add(new Entity(EntityType.Quantity, m.Value, m.Index, n.ToString(CultureInfo.InvariantCulture)));
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (taken[i] || NumberWords.ReadThai(text, i) is not { } number)
            {
                continue;
            }

            // A Thai number word is a quantity when a unit follows it or it stands alone;
            // "สอง" inside another word ("สองแถว") is not.
            var end = i + number.Length;
            var unitFollows = UnitFollows(text, end);
            var standsAlone = end == text.Length || text[end] == ' ';
            if ((unitFollows || standsAlone) && !AnyTaken(taken, i, number.Length) && !IsMeasure(text, i, end))
            {
                Take(taken, i, number.Length);
                found.Add(new Entity(EntityType.Quantity, text.Substring(i, number.Length), i, number.Value.ToString(CultureInfo.InvariantCulture)));
                i = end - 1;
            }
        }
    }

    /// <summary>
    /// Where the keyword stands in the text: exactly, or (for longer keywords) with one or two typos.
    /// Asked only for keywords that <see cref="MaySpellNear"/> the text.
    /// </summary>
    private static (int Start, int Length, int Edits) Locate(string text, string keyword)
    {
        var exact = text.IndexOf(keyword, StringComparison.Ordinal);
        if (exact >= 0 && (keyword[0] > 'z' || IsBoundary(text, exact, keyword.Length)))
        {
            return (exact, keyword.Length, 0);
        }

        // English plurals: "tees", "boxes".
        if (keyword[0] <= 'z' && exact >= 0)
        {
            foreach (var suffix in PluralSuffixes)
            {
                var index = IndexOfWithSuffix(text, keyword, suffix, exact);
                if (index >= 0 && IsBoundary(text, index, keyword.Length + suffix.Length))
                {
                    return (index, keyword.Length + suffix.Length, 0);
                }
            }
        }

        var allowed = AllowedEdits(keyword);
        if (allowed == 0)
        {
            return (-1, 0, 0);
        }

        (int, int, int) bestMatch = (-1, 0, int.MaxValue);
        for (var length = keyword.Length - allowed; length <= keyword.Length + allowed; length++)
        {
            for (var start = 0; start + length <= text.Length; start++)
            {
                if (keyword[0] <= 'z' && !IsBoundary(text, start, length))
                {
                    continue;
                }

                var distance = Levenshtein(text.AsSpan(start, length), keyword, allowed);
                if (distance <= allowed && distance < bestMatch.Item3)
                {
                    bestMatch = (start, length, distance);
                }
            }
        }

        return bestMatch.Item1 >= 0 ? bestMatch : (-1, 0, 0);
    }

    private static readonly string[] PluralSuffixes = ["s", "es"];

    /// <summary>Where <paramref name="keyword"/> first stands followed by <paramref name="suffix"/> (searching from its first place, <paramref name="from"/>), without building the joined word.</summary>
    private static int IndexOfWithSuffix(string text, string keyword, string suffix, int from)
    {
        for (var index = from; index >= 0; index = text.IndexOf(keyword, index + 1, StringComparison.Ordinal))
        {
            if (text.AsSpan(index + keyword.Length).StartsWith(suffix, StringComparison.Ordinal))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>
    /// The q-gram lemma (q = 2): a text with a stretch within the allowed edits of the keyword holds
    /// at least (length − 1 − 2 × allowed) of the keyword's letter pairs, counted each time they occur
    /// in it (all of them when it stands there exactly). A keyword with fewer
    /// (<paramref name="sharedPairs"/>) is neither there nor near, and is not searched for.
    /// </summary>
    private static bool MaySpellNear(string keyword, int sharedPairs) =>
        sharedPairs >= keyword.Length - 1 - (2 * AllowedEdits(keyword));

    private static HashSet<int> Bigrams(string text)
    {
        var pairs = new HashSet<int>();
        for (var i = 0; i + 1 < text.Length; i++)
        {
            pairs.Add(ProductLexicon.LetterPair(text[i], text[i + 1]));
        }

        return pairs;
    }

    /// <summary>Edits a misspelling of a keyword may have: none under 4 letters, 2 from 8.</summary>
    private static int AllowedEdits(string keyword) => keyword.Length >= 8 ? 2 : keyword.Length >= 4 ? 1 : 0;

    private static int Levenshtein(ReadOnlySpan<char> a, string b, int limit)
    {
        Span<int> previous = b.Length < 128 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> current = b.Length < 128 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return previous[b.Length];
    }

    /// <summary>
    /// The address rule of <see cref="Extract"/> on its own (no catalog needed): two signs of a
    /// postal address, or one and a postcode.
    /// </summary>
    public static bool LooksLikeAddress(string? message)
    {
        var text = TextNormalizer.Normalize(message);
        return IsAddress(text, PostcodePattern().Matches(text).Any(m => ThaiNumbers.IsPostcode(m.Value)));
    }

    private static bool IsAddress(string text, bool hasPostcode)
    {
        var hints = AddressWords.Count(w => ContainsWord(text, w));
        return hints >= 2 || (hints >= 1 && hasPostcode);
    }

    private static bool ContainsWord(string text, string word)
    {
        var index = text.IndexOf(word, StringComparison.Ordinal);
        return index >= 0 && (word[0] > 'z' || IsBoundary(text, index, word.Length));
    }

    private static bool IsBoundary(string text, int start, int length) =>
        start >= 0 && (start == 0 || !char.IsLetterOrDigit(text[start - 1]) || text[start - 1] > 'z')
        && (start + length >= text.Length || !char.IsLetterOrDigit(text[start + length]) || text[start + length] > 'z');

    private static bool AnyTaken(bool[] taken, int start, int length) => taken.AsSpan(start, length).Contains(true);

    private static bool Take(bool[] taken, int start, int length)
    {
        if (AnyTaken(taken, start, length))
        {
            return false;
        }

        taken.AsSpan(start, length).Fill(true);
        return true;
    }

    // Digits grouped any way with single spaces, dots or dashes ("08 1122 3344", "091.234.5678");
    // ThaiNumbers.Phone then checks the digits make a mobile or landline number.
    [GeneratedRegex(@"(?<![\d.,])(?:\+?66[\s.-]?|0)\d(?:[\s.-]?\d){7,8}(?![\d]|[.,]\d)")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"(?:\bcc-?|(?:order|ออเดอร์|คำสั่งซื้อ|เลขที่)\s*(?:no\.?|number|#)?\s*#?|#)(?<id>\d{4,10})\b", RegexOptions.IgnoreCase)]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"(?:฿|thb\s?)\s?(?<a>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)|(?<b>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s?(?:บาท|baht|thb)", RegexOptions.IgnoreCase)]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"(?<!\d)\d{5}(?!\d)")]
    private static partial Regex PostcodePattern();

    [GeneratedRegex(@"[a-z]+\d+[a-z\d]*")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"(?<w>ไซส์|ไซซ์|ไซด์|ไซร์|size|sz|ขนาด)\s?(?<s>xxs|xs|s|m|l|xl|xxl|2xl|3xl|4xl|เอ็กซ์เอส|เอ็กเอส|เอ็กซ์แอล|เอ็กแอล|เอส|เอ็ม|แอล|small|medium|large)(?![a-z])|(?<s>\b(?:xxs|xs|xl|xxl|2xl|3xl|4xl)\b|ฟรีไซส์|ฟรีไซซ์|free ?size|เอ็กซ์เอส|เอ็กเอส|เอ็กซ์แอล|เอ็กแอล|เอส|เอ็ม|แอล|\bextra large\b|\bx-large\b|\bsmall\b|\bmedium\b|\blarge\b|(?<![a-z0-9'])[sml](?![a-z0-9']))", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"(?:ครบ|งบ(?:ประมาณ)?|ไม่เกิน|ยอด(?:รวม)?|budget(?: of)?|spend|over|under)\s?(?<n>\d{1,3}(?:,\d{3})+|\d{2,7})(?![\d.,])", RegexOptions.IgnoreCase)]
    private static partial Regex MoneyContextPattern();

    [GeneratedRegex(@"\b(?:(?<half>half a dozen|half dozen|half-dozen)|(?:(?<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+dozens?)|(?:a |one )?dozens?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishDozenPattern();

    [GeneratedRegex(@"(?:ตัว|ชิ้น|ถุง|ขวด|อัน|กล่อง|แท่ง|ก้อน|ห่อ|กระปุก|ชุด|ใบ|คู่|แพ็ค|หลอด)\s?(?<one>เดียว|นึง|หนึ่ง)")]
    private static partial Regex OneOfUnitPattern();

    [GeneratedRegex(@"(?<![\d.,/-])\d{1,3}(?![\d.,/-])")]
    private static partial Regex NumberPattern();
}
