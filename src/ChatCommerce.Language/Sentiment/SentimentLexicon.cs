using ChatCommerce.Language.Text;

namespace ChatCommerce.Language.Sentiment;

/// <summary>
/// Words that carry feeling, kept as data in <c>dialogs/nlu/sentiment-lexicon.tsv</c> (header
/// <c>term&lt;TAB&gt;polarity</c>, polarity <c>positive</c>, <c>negative</c> or <c>ignore</c>).
/// A small model trained on a few hundred sentences has not seen most such words; the lexicon
/// gives it evidence for them.
/// </summary>
/// <remarks>
/// Matching: English terms match whole words, or any word they start when written with a
/// trailing <c>*</c>; Thai terms match anywhere (Thai has no spaces) unless a vowel or tone mark
/// follows, which would make them part of another syllable. <c>ignore</c> terms are blanked out
/// first ("สวัสดี" holds "ดี"). A negation (not, never, no, …n't within three words before; ไม่
/// just before) flips a term. Positive words in a question ("อร่อยไหม", "is it good?") are not
/// feelings and are not counted.
/// </remarks>
public sealed class SentimentLexicon
{
    private static readonly string[] EnglishNegations = ["not", "no", "never", "isn't", "wasn't", "don't", "doesn't", "didn't", "aren't", "won't", "can't", "cannot"];
    private static readonly string[] EnglishQuestionStarts = ["is", "are", "do", "does", "can", "could", "will", "would", "how", "what", "which", "any"];
    private static readonly string[] ThaiQuestionMarkers = ["ไหม", "หรือเปล่า", "รึเปล่า", "หรือไม่", "หรือยัง"];
    private const string ThaiNegation = "ไม่";
    private static readonly string[] ThaiIntensifiers = ["มาก", "สุดๆ", "สุด ๆ", "ที่สุด", "สุดขีด", "จริงๆ", "เกินไป"];
    private static readonly string[] EnglishIntensifiers = ["very", "so", "really", "extremely", "super", "totally", "absolutely", "completely", "utterly"];
    private static readonly string[] EnglishContrasts = ["but", "however", "though", "although"];
    private static readonly string[] ThaiNegationCarriers = ["ทำให้", "เคย", "ได้", "ค่อย", "รู้สึกว่า", "รู้สึก", "ถึงกับ", "ถึงขั้น"];

    private readonly List<Term> _terms;
    private readonly List<string> _ignored;

    private SentimentLexicon(List<Term> terms, List<string> ignored)
    {
        _terms = terms;
        _ignored = ignored;
    }

    public int Count => _terms.Count;

    public static SentimentLexicon Parse(TextReader reader, string source)
    {
        var header = reader.ReadLine();
        if (header is null || !header.Split('\t').SequenceEqual(["term", "polarity"]))
        {
            throw new FormatException($"{source}: expected header 'term<TAB>polarity'.");
        }

        var terms = new List<Term>();
        var ignored = new List<string>();
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split('\t');
            if (cells.Length != 2 || cells[0].Trim().Length == 0)
            {
                throw new FormatException($"{source}:{lineNumber}: expected 'term<TAB>polarity'.");
            }

            var text = TextNormalizer.Normalize(cells[0].Trim());
            switch (cells[1].Trim())
            {
                case "ignore":
                    ignored.Add(text);
                    break;
                case var polarity and (SentimentResult.Positive or SentimentResult.Negative):
                    var prefix = text.EndsWith('*');
                    terms.Add(new Term(prefix ? text[..^1] : text, polarity == SentimentResult.Positive ? 1 : -1, prefix, IsThai(text)));
                    break;
                default:
                    throw new FormatException($"{source}:{lineNumber}: polarity must be positive, negative or ignore.");
            }
        }

        // Longest ignore phrases first, so "kind of" is blanked before anything shorter.
        ignored.Sort((a, b) => b.Length.CompareTo(a.Length));

        // Longest terms first too, and a match never overlaps a longer one: "ใจดี" is one word of
        // praise, not "ใจดี" and "ดี".
        terms = [.. terms.OrderByDescending(t => t.Text.Length)];
        return new SentimentLexicon(terms, ignored);
    }

    public static SentimentLexicon FromEmbeddedData()
    {
        using var stream = typeof(SentimentLexicon).Assembly.GetManifestResourceStream("nlu.sentiment-lexicon.tsv")
            ?? throw new InvalidOperationException("The sentiment lexicon is not embedded.");
        using var reader = new StreamReader(stream);
        return Parse(reader, "sentiment-lexicon.tsv");
    }

    /// <summary>Net polarity: each positive match counts +1, each negative −1, negations flip.</summary>
    public int Score(string text)
    {
        var (positive, negative) = Tally(text);
        return positive - negative;
    }

    /// <summary>The positive and the negative matches apart (after negations flipped them; a denied problem counts two).</summary>
    public (int Positive, int Negative) Tally(string text)
    {
        var reading = Read(text);
        return (reading.Positive, reading.Negative);
    }

    /// <summary>
    /// The matches, with the denied ones counted apart: "not bad, but not great" denies both a
    /// problem and praise, which is lukewarm, not mixed.
    /// </summary>
    public LexiconReading Read(string text)
    {
        var normalized = TextNormalizer.Normalize(text);
        if (normalized.Length == 0)
        {
            return default;
        }

        foreach (var phrase in _ignored)
        {
            normalized = normalized.Replace(phrase, new string(' ', phrase.Length), StringComparison.Ordinal);
        }

        var question = IsQuestion(normalized);
        var contrast = LastContrast(normalized);
        var reading = default(LexiconReading);
        var taken = new List<(int Start, int End)>();
        foreach (var term in _terms)
        {
            if (term.Polarity > 0 && question)
            {
                continue;
            }

            for (var at = normalized.IndexOf(term.Text, StringComparison.Ordinal); at >= 0;
                 at = normalized.IndexOf(term.Text, at + term.Text.Length, StringComparison.Ordinal))
            {
                var end = at + term.Text.Length;
                if (!Matches(normalized, at, term) || taken.Exists(t => at < t.End && end > t.Start))
                {
                    continue;
                }

                taken.Add((at, end));
                // English negations and intensifiers stand in the words just before a term.
                var wordsBefore = term.Thai ? null : WordsBefore(normalized, at);
                var negated = Negated(normalized, at, wordsBefore);
                if (contrast >= 0 && at > contrast)
                {
                    reading = reading with { AfterContrast = reading.AfterContrast + (negated ? -term.Polarity : term.Polarity) };
                }

                reading = (negated, term.Polarity > 0) switch
                {
                    // "not disappointed", "ไม่ผิดหวัง": a problem denied is praise, and said on purpose.
                    (true, false) => reading with { Positive = reading.Positive + 2, DeniedProblems = reading.DeniedProblems + 1 },
                    (true, true) => reading with { Negative = reading.Negative + 1, DeniedPraise = reading.DeniedPraise + 1 },
                    // "แย่มาก", "ไม่พอใจมากเลย", "very upset": said with force, it counts two.
                    (false, true) => reading with { Positive = reading.Positive + Strength(normalized, end, term, wordsBefore) },
                    (false, false) => reading with { Negative = reading.Negative + Strength(normalized, end, term, wordsBefore) },
                };
            }
        }

        return reading;
    }

    private static bool Matches(string text, int at, Term term)
    {
        var end = at + term.Text.Length;
        if (term.Thai)
        {
            return end >= text.Length || !IsThaiMark(text[end]);
        }

        var startsWord = at == 0 || !char.IsLetter(text[at - 1]);
        var endsWord = term.Prefix || end >= text.Length || !char.IsLetter(text[end]);
        return startsWord && endsWord;
    }

    private static bool Negated(string text, int at, List<string>? wordsBefore)
    {
        if (wordsBefore is null)
        {
            // ไม่ just before, or with words that carry it on: ไม่เคยทำให้ผิดหวัง, ไม่ได้แย่, ไม่ค่อยดี, ไม่รู้สึกว่าแพง.
            var before = text.AsSpan(0, at).TrimEnd();
            for (var stripped = true; stripped;)
            {
                stripped = false;
                foreach (var word in ThaiNegationCarriers)
                {
                    if (before.EndsWith(word, StringComparison.Ordinal))
                    {
                        before = before[..^word.Length].TrimEnd();
                        stripped = true;
                        break;
                    }
                }
            }

            return before.EndsWith(ThaiNegation, StringComparison.Ordinal);
        }

        return wordsBefore.Exists(w => EnglishNegations.Contains(w) || w.EndsWith("n't", StringComparison.Ordinal));
    }

    private static int Strength(string text, int end, Term term, List<string>? wordsBefore)
    {
        if (wordsBefore is null)
        {
            if (term.Text.EndsWith("มาก", StringComparison.Ordinal))
            {
                return 2;
            }

            var after = text.AsSpan(end).TrimStart();
            foreach (var intensifier in ThaiIntensifiers)
            {
                if (after.StartsWith(intensifier, StringComparison.Ordinal))
                {
                    return 2;
                }
            }

            return 1;
        }

        return wordsBefore.Count > 0 && EnglishIntensifiers.Contains(wordsBefore[^1]) ? 2 : 1;
    }

    /// <summary>The three words before <paramref name="at"/> at most, in order, without splitting the whole text.</summary>
    private static List<string> WordsBefore(string text, int at)
    {
        var words = new List<string>(3);
        var end = at;
        while (words.Count < 3)
        {
            while (end > 0 && text[end - 1] == ' ')
            {
                end--;
            }

            if (end == 0)
            {
                break;
            }

            var start = text.LastIndexOf(' ', end - 1) + 1;
            words.Insert(0, text[start..end]);
            end = start;
        }

        return words;
    }

    /// <summary>Where the last "but" / "แต่" of a message is, or -1: what follows it is what the customer ends on.</summary>
    private static int LastContrast(string text)
    {
        var last = text.LastIndexOf("แต่", StringComparison.Ordinal);
        foreach (var word in EnglishContrasts)
        {
            for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
            {
                var startsWord = at == 0 || !char.IsLetter(text[at - 1]);
                var endsWord = at + word.Length >= text.Length || !char.IsLetter(text[at + word.Length]);
                if (startsWord && endsWord)
                {
                    last = Math.Max(last, at);
                }
            }
        }

        return last;
    }

    private static bool IsQuestion(string text)
    {
        if (text.Contains('?'))
        {
            return true;
        }

        var first = text.Split(' ', 2)[0];
        return EnglishQuestionStarts.Contains(first) || ThaiQuestionMarkers.Any(m => text.Contains(m, StringComparison.Ordinal));
    }

    private static bool IsThai(string text) => text.Any(c => c is >= '\u0E00' and <= '\u0E7F');

    /// <summary>Thai vowels written above or below a consonant, and tone marks: they never start a syllable.</summary>
    private static bool IsThaiMark(char c) => c is '\u0E31' or (>= '\u0E34' and <= '\u0E3A') or (>= '\u0E47' and <= '\u0E4E');

    private sealed record Term(string Text, int Polarity, bool Prefix, bool Thai);
}

/// <summary>What the lexicon found in a message: <see cref="Positive"/> and <see cref="Negative"/> after negations flipped them (a denied problem counts two), and how many of them were denied;
/// <see cref="AfterContrast"/> is the net polarity of the words after the message's last "but" / "แต่".</summary>
public readonly record struct LexiconReading(int Positive, int Negative, int DeniedProblems, int DeniedPraise, int AfterContrast = 0)
{
    /// <summary>Only denials on both sides: "ไม่ได้แย่ แต่ก็ไม่ได้ดีมาก", "not bad, not great either".</summary>
    public bool Lukewarm => DeniedProblems > 0 && DeniedPraise > 0 && Positive == 2 * DeniedProblems && Negative == DeniedPraise;
}
