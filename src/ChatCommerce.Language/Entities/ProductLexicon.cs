using ChatCommerce.Domain.Catalog;
using ChatCommerce.Language.Text;
using ChatCommerce.Language.Training;

namespace ChatCommerce.Language.Entities;

/// <summary>
/// The words that name each product: its Thai and English names, its CF code and the synonyms in
/// <c>dialogs/nlu/product-synonyms.tsv</c> (rows of sku and synonym), all normalised.
/// </summary>
public sealed class ProductLexicon
{
    // Letter pair → the keywords (numbered entry by entry, in order) that hold it, once per time they hold it.
    private readonly Dictionary<int, int[]> _keywordsByPair;

    private ProductLexicon(IReadOnlyList<(string Sku, string CfCode, string Names, IReadOnlyList<string> Keywords)> entries)
    {
        Entries = entries;
        var byPair = new Dictionary<int, List<int>>();
        var number = 0;
        foreach (var keyword in entries.SelectMany(e => e.Keywords))
        {
            for (var i = 0; i + 1 < keyword.Length; i++)
            {
                var pair = LetterPair(keyword[i], keyword[i + 1]);
                if (!byPair.TryGetValue(pair, out var keywords))
                {
                    byPair[pair] = keywords = [];
                }

                keywords.Add(number);
            }

            number++;
        }

        KeywordCount = number;
        _keywordsByPair = byPair.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    public IReadOnlyList<(string Sku, string CfCode, string Names, IReadOnlyList<string> Keywords)> Entries { get; }

    /// <summary>How many keywords all entries have together.</summary>
    public int KeywordCount { get; }

    /// <summary>Two letters as one number.</summary>
    public static int LetterPair(char first, char second) => (first << 16) | second;

    /// <summary>
    /// For each keyword (numbered entry by entry, in order), adds to <paramref name="shared"/> how
    /// many of its letter pairs, counted each time they occur in it, are among
    /// <paramref name="textPairs"/>: a look-up per pair of the text, not per pair of every keyword.
    /// </summary>
    public void CountSharedPairs(HashSet<int> textPairs, Span<int> shared)
    {
        foreach (var pair in textPairs)
        {
            if (_keywordsByPair.TryGetValue(pair, out var keywords))
            {
                foreach (var keyword in keywords)
                {
                    shared[keyword]++;
                }
            }
        }
    }

    /// <param name="synonyms">Rows of (SKU, synonym); the embedded demo-shop file when null.</param>
    public static ProductLexicon Build(IEnumerable<Product> products, IReadOnlyList<LabeledText>? synonyms = null)
    {
        var bySku = (synonyms ?? LabeledTextFile.ReadEmbedded("nlu.product-synonyms.tsv", "synonym", "sku"))
            .GroupBy(s => s.Text, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(s => TextNormalizer.Normalize(s.Label)).ToList(), StringComparer.OrdinalIgnoreCase);
        var entries = products.Where(p => p.Active).Select(p =>
        {
            var keywords = new List<string> { TextNormalizer.Normalize(p.NameTh), TextNormalizer.Normalize(p.NameEn) };
            keywords.AddRange(bySku.GetValueOrDefault(p.Sku) ?? []);
            var names = TextNormalizer.Normalize(p.NameTh + " " + p.NameEn);
            return (p.Sku, p.CfCode.ToLowerInvariant(), names, (IReadOnlyList<string>)keywords.Where(k => k.Length >= 2).Distinct().OrderByDescending(k => k.Length).ToList());
        }).ToList();
        return new ProductLexicon(entries);
    }
}
