namespace ChatCommerce.Language.Classification;

/// <summary>
/// Character n-grams of up to five characters and their feature slots, in one flat
/// open-addressing table: the n-gram itself is the key (packed into 12 bytes), so a lookup reads
/// one run of neighbouring entries and no string. A turn looks up about five n-grams per
/// character of a message; with a dictionary of strings each lookup touched three places in
/// memory (bucket, entry, key), most of them cache misses under load.
/// </summary>
internal sealed class CharGramTable
{
    public const int MaxLength = 5;

    private readonly Entry[] _entries;
    private readonly int _mask;

    public CharGramTable(IReadOnlyDictionary<string, int> grams)
    {
        var capacity = 16;
        while (capacity < grams.Count * 2)
        {
            capacity <<= 1;
        }

        _entries = new Entry[capacity];
        _mask = capacity - 1;
        foreach (var (gram, slot) in grams)
        {
            if (gram.Length is 0 or > MaxLength)
            {
                throw new ArgumentException($"An n-gram has 1 to {MaxLength} characters: '{gram}'.", nameof(grams));
            }

            var (low, high) = Pack(gram);
            var at = (int)Hash(low, high) & _mask;
            while (_entries[at].High != 0)
            {
                at = (at + 1) & _mask;
            }

            _entries[at] = new Entry(low, high, slot);
        }

        Count = grams.Count;
    }

    public int Count { get; }

    public bool TryGetValue(ReadOnlySpan<char> gram, out int slot)
    {
        var (low, high) = Pack(gram);
        var at = (int)Hash(low, high) & _mask;
        while (true)
        {
            ref readonly var entry = ref _entries[at];
            if (entry.High == high && entry.Low == low)
            {
                slot = entry.Slot;
                return true;
            }

            if (entry.High == 0)
            {
                slot = -1;
                return false;
            }

            at = (at + 1) & _mask;
        }
    }

    /// <summary>Four characters in the low word; the fifth and the length (never 0 for a real n-gram) in the high one.</summary>
    private static (ulong Low, uint High) Pack(ReadOnlySpan<char> gram)
    {
        ulong low = 0;
        for (var i = 0; i < gram.Length && i < 4; i++)
        {
            low |= (ulong)gram[i] << (16 * i);
        }

        var fifth = gram.Length > 4 ? gram[4] : '\0';
        return (low, ((uint)fifth << 8) | (uint)gram.Length);
    }

    private static uint Hash(ulong low, uint high)
    {
        var mixed = (low ^ ((ulong)high * 0x9E3779B97F4A7C15UL)) * 0xBF58476D1CE4E5B9UL;
        return (uint)(mixed >> 32) ^ (uint)mixed;
    }

    private readonly record struct Entry(ulong Low, uint High, int Slot);
}
