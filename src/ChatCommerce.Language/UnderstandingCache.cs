using ChatCommerce.Domain.Understanding;
using ChatCommerce.Language.Entities;

namespace ChatCommerce.Language;

/// <summary>
/// What recent texts were understood as. A shop hears the same short messages all day
/// ("สวัสดีค่ะ", "ขอบคุณค่ะ", a product's name), and with the local models a text's intent,
/// sentiment and entities depend only on the text, its locale and the product lexicon, so a text
/// seen before is not analysed again.
/// <para>
/// Two generations of at most half the capacity each: a hit in the older moves to the newer; when
/// the newer is full it becomes the older and the old older is dropped, so texts in use stay and
/// the memory is bounded. A different lexicon (the catalog changed, or its minute was up) starts
/// from empty. A capacity of 0 turns the cache off.
/// </para>
/// </summary>
public sealed class UnderstandingCache(int capacity)
{
    /// <summary>Longer texts are analysed every time: they rarely come twice.</summary>
    public const int MaxTextLength = 160;

    private readonly int _generation = Math.Max(0, capacity) / 2;
    private readonly Lock _gate = new();
    private ProductLexicon? _lexicon;
    private Dictionary<(string Text, string Locale), MessageUnderstanding> _newer = [];
    private Dictionary<(string Text, string Locale), MessageUnderstanding> _older = [];
    private long _hits;
    private long _misses;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Whether a text of this length is kept at all.</summary>
    public bool Keeps(string text) => _generation > 0 && text.Length <= MaxTextLength;

    public bool TryGet(ProductLexicon lexicon, string text, string locale, out MessageUnderstanding understanding)
    {
        var key = (text, locale);
        lock (_gate)
        {
            if (ReferenceEquals(_lexicon, lexicon))
            {
                if (_newer.TryGetValue(key, out understanding!))
                {
                    _hits++;
                    return true;
                }

                if (_older.Remove(key, out understanding!))
                {
                    AddNewer(key, understanding);
                    _hits++;
                    return true;
                }
            }

            _misses++;
            understanding = null!;
            return false;
        }
    }

    public void Add(ProductLexicon lexicon, string text, string locale, MessageUnderstanding understanding)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_lexicon, lexicon))
            {
                _lexicon = lexicon;
                _newer = [];
                _older = [];
            }

            AddNewer((text, locale), understanding);
        }
    }

    private void AddNewer((string, string) key, MessageUnderstanding understanding)
    {
        if (_newer.Count >= _generation && !_newer.ContainsKey(key))
        {
            _older = _newer;
            _newer = [];
        }

        _newer[key] = understanding;
    }
}
