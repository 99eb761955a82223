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
    private ProductLexicon(IReadOnlyList<(string Sku, string CfCode, string Names, IReadOnlyList<string> Keywords)> entries) => Entries = entries;

    public IReadOnlyList<(string Sku, string CfCode, string Names, IReadOnlyList<string> Keywords)> Entries { get; }

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
