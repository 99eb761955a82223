using System.Collections.Frozen;
using System.Text.Json;
using ChatCommerce.Conversations.Engine;
using ChatCommerce.Domain.Shop;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Dialogs;

/// <summary>
/// The bot's sentences in Thai and English, from <c>texts/*.json</c>. Thai sentences end with the
/// shop's polite particle ({p}; questions {q}: คะ for a shop that says ค่ะ); a key missing in English falls back to Thai.
/// </summary>
public sealed class ReplyTexts : IDialogTexts
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byLocale;
    private readonly ShopOptions _shop;

    public ReplyTexts(IOptions<ShopOptions> shop)
    {
        _shop = shop.Value;
        _byLocale = new[] { "th", "en" }.ToFrozenDictionary(l => l, Load);
    }

    public IReadOnlyCollection<string> Keys(string locale) => _byLocale[locale].Keys;

    string IDialogTexts.Get(string locale, string key) => Get(locale, key);

    public string Get(string locale, string key, params (string Name, string Value)[] values)
    {
        var table = _byLocale.GetValueOrDefault(locale) ?? _byLocale["th"];
        if (!table.TryGetValue(key, out var text) && !_byLocale["th"].TryGetValue(key, out text))
        {
            throw new KeyNotFoundException($"No reply text '{key}'.");
        }

        text = text
            .Replace("{p}", _shop.PoliteParticle, StringComparison.Ordinal)
            .Replace("{q}", QuestionParticle(_shop.PoliteParticle), StringComparison.Ordinal)
            .Replace("{shop}", locale == "en" ? _shop.NameEn : _shop.NameTh, StringComparison.Ordinal);
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A question ends in คะ where a statement ends in ค่ะ; ครับ serves both.</summary>
    public static string QuestionParticle(string particle) => particle == "ค่ะ" ? "คะ" : particle;

    private static FrozenDictionary<string, string> Load(string locale)
    {
        using var stream = typeof(ReplyTexts).Assembly.GetManifestResourceStream($"texts.{locale}.json")
            ?? throw new InvalidOperationException($"Reply texts for '{locale}' are not embedded.");
        var entries = JsonSerializer.Deserialize(stream, DialogJson.Default.DictionaryStringString)
            ?? throw new InvalidOperationException($"Reply texts for '{locale}' are empty.");
        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
