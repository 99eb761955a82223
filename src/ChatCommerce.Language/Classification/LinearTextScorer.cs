using System.Buffers;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace ChatCommerce.Language.Classification;

/// <summary>
/// Scores a text with a trained <see cref="TextClassifier"/> model without ML.NET's row machinery:
/// the same features (text normalised as ML.NET does it, character 1–5-grams with start and end
/// markers, word 1–2-grams, each family scaled to unit length) looked up in the model's own
/// vocabulary, and the same linear model with softmax. A profile of the turn put most of a
/// prediction in the prediction engine's n-gram pools and cursors; this looks spans of the text
/// up in flat tables and allocates next to nothing. <see cref="TextClassifier"/> checks it
/// against ML.NET on every model it loads or trains (<see cref="TryCreate"/> returns null when
/// the model is not of the shape it knows).
/// </summary>
internal sealed class LinearTextScorer
{
    private const int CharNgrams = CharGramTable.MaxLength;
    private const char StartMarker = '\u0002';
    private const char EndMarker = '\u0003';

    private readonly SearchValues<char> _named;
    private readonly CharGramTable _chars;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordLookup;

    // Weights by feature, then class: one feature's weights for every class sit side by side.
    private readonly float[] _weights;
    private readonly float[] _biases;
    private readonly int _classes;

    private LinearTextScorer(SearchValues<char> named, Dictionary<string, int> chars, Dictionary<string, int> words, float[] weights, float[] biases)
    {
        _named = named;
        _chars = new CharGramTable(chars);
        _wordLookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        _weights = weights;
        _biases = biases;
        _classes = biases.Length;
    }

    public int Classes => _classes;

    /// <summary>Reads the vocabulary and weights out of a model <see cref="TextClassifier"/> trained; null for any other shape.</summary>
    public static LinearTextScorer? TryCreate(ITransformer model, DataViewSchema inputSchema)
    {
        if (model is not IEnumerable<ITransformer> chain
            || chain.OfType<ISingleFeaturePredictionTransformer<object>>().Select(p => p.Model).OfType<MaximumEntropyModelParameters>().FirstOrDefault() is not { } linear)
        {
            return null;
        }

        var schema = model.GetOutputSchema(inputSchema);
        if (schema.GetColumnOrNull("Features") is not { } features)
        {
            return null;
        }

        VBuffer<ReadOnlyMemory<char>> names = default;
        features.GetSlotNames(ref names);
        var chars = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        var slot = 0;
        foreach (var name in names.DenseValues())
        {
            var text = name.Span;
            if (text.StartsWith("Char."))
            {
                // Some characters (emoji halves, among others) all get one name that tells them apart
                // from none of the others: such n-grams stay out, and a text with any character not
                // named as itself is left to ML.NET (see Score).
                if (CharGram(text["Char.".Length..]) is { } gram)
                {
                    chars[gram] = slot;
                }
            }
            else if (text.StartsWith("Word."))
            {
                // A word with a '|' of its own cannot be told from two words: it stays out, and the
                // check against ML.NET tells whether that mattered.
                var parts = text["Word.".Length..].ToString().Split('|');
                if (parts.Length <= 2)
                {
                    words[string.Join(' ', parts)] = slot;
                }
            }
            else
            {
                return null;
            }

            slot++;
        }

        VBuffer<float>[] weights = [];
        linear.GetWeights(ref weights, out var classes);
        var biases = linear.GetBiases().ToArray();
        if (classes != biases.Length || weights.Length != classes)
        {
            return null;
        }

        var byFeature = new float[slot * classes];
        for (var k = 0; k < classes; k++)
        {
            foreach (var (index, weight) in weights[k].Items())
            {
                if (index >= slot)
                {
                    return null;
                }

                byFeature[(index * classes) + k] = weight;
            }
        }

        // Characters the model names as themselves: every one seen in training has its 1-gram.
        var named = chars.Keys.Where(g => g.Length == 1).Select(g => g[0]).Append(' ').ToArray();
        return new LinearTextScorer(SearchValues.Create(named), chars, words, byFeature, biases);
    }

    /// <summary>
    /// A character n-gram as ML.NET names its slot ("Char." then the characters joined by '|', the
    /// markers and white space as control pictures in angle brackets: "&lt;␂&gt;|ส|ว") back to the
    /// characters themselves.
    /// </summary>
    private static string? CharGram(ReadOnlySpan<char> name)
    {
        Span<char> gram = stackalloc char[CharNgrams];
        var length = 0;
        var at = 0;
        while (at < name.Length)
        {
            if (length == CharNgrams)
            {
                return null;
            }

            if (name[at] == '<' && at + 2 < name.Length && name[at + 2] == '>' && name[at + 1] is >= '\u2400' and <= '\u2421')
            {
                gram[length++] = name[at + 1] == '\u2421' ? '\u007F' : (char)(name[at + 1] - 0x2400);
                at += 3;
            }
            else
            {
                gram[length++] = name[at++];
            }

            if (at < name.Length)
            {
                if (name[at] != '|')
                {
                    return null;
                }

                at++;
            }
        }

        return length == 0 ? null : gram[..length].ToString();
    }

    /// <summary>
    /// Probability of each class (in the model's class order) for text already prepared; false
    /// (nothing written) when the text has a character this scorer cannot tell apart the way
    /// ML.NET does: the caller asks ML.NET.
    /// </summary>
    public bool TryScore(string prepared, Span<float> probabilities)
    {
        // ML.NET's text normaliser with these options: punctuation goes, letters lower case (invariant).
        var normalized = prepared.Length <= 512 ? stackalloc char[prepared.Length + 2] : new char[prepared.Length + 2];
        var length = 0;
        normalized[length++] = StartMarker;
        foreach (var c in prepared)
        {
            if (!char.IsPunctuation(c))
            {
                normalized[length++] = char.ToLowerInvariant(c);
            }
        }

        normalized[length++] = EndMarker;
        var text = normalized[..length];
        var body = text[1..^1];
        if (body.ContainsAnyExcept(_named))
        {
            return false;
        }

        var found = ArrayPool<int>.Shared.Rent((text.Length * CharNgrams) + (body.Length * 2) + 2);
        try
        {
            // An empty text has no characters at all for ML.NET, not even its markers.
            var charCount = 0;
            for (var start = 0; start < text.Length && !body.IsEmpty; start++)
            {
                for (var n = 1; n <= CharNgrams && start + n <= text.Length; n++)
                {
                    if (_chars.TryGetValue(text.Slice(start, n), out var slot))
                    {
                        found[charCount++] = slot;
                    }
                }
            }

            var wordCount = 0;
            var words = found.AsSpan(charCount);
            Span<char> pair = stackalloc char[128];
            Range? before = null;
            foreach (var range in body.Split(' '))
            {
                var word = body[range];
                if (word.IsEmpty)
                {
                    continue;
                }

                if (_wordLookup.TryGetValue(word, out var slot))
                {
                    words[wordCount++] = slot;
                }

                if (before is { } earlier && body[earlier].Length + word.Length + 1 <= pair.Length)
                {
                    var previous = body[earlier];
                    previous.CopyTo(pair);
                    pair[previous.Length] = ' ';
                    word.CopyTo(pair[(previous.Length + 1)..]);
                    if (_wordLookup.TryGetValue(pair[..(previous.Length + 1 + word.Length)], out var pairSlot))
                    {
                        words[wordCount++] = pairSlot;
                    }
                }

                before = range;
            }

            probabilities.Clear();
            var scores = probabilities[.._classes];
            Accumulate(found.AsSpan(0, charCount), scores);
            Accumulate(words[..wordCount], scores);
            var max = float.NegativeInfinity;
            for (var k = 0; k < _classes; k++)
            {
                scores[k] += _biases[k];
                max = Math.Max(max, scores[k]);
            }

            var sum = 0f;
            for (var k = 0; k < _classes; k++)
            {
                scores[k] = MathF.Exp(scores[k] - max);
                sum += scores[k];
            }

            for (var k = 0; k < _classes; k++)
            {
                scores[k] /= sum;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(found);
        }

        return true;
    }

    /// <summary>Adds one feature family: term counts scaled to unit length, times their weights.</summary>
    private void Accumulate(Span<int> slots, Span<float> scores)
    {
        if (slots.IsEmpty)
        {
            return;
        }

        slots.Sort();
        var squares = 0f;
        for (var i = 0; i < slots.Length;)
        {
            var run = Run(slots, i);
            squares += run * run;
            i += run;
        }

        var scale = 1f / MathF.Sqrt(squares);
        var weights = _weights.AsSpan();
        for (var i = 0; i < slots.Length;)
        {
            var run = Run(slots, i);
            var value = run * scale;
            var row = weights.Slice(slots[i] * _classes, _classes);
            for (var k = 0; k < _classes; k++)
            {
                scores[k] += row[k] * value;
            }

            i += run;
        }
    }

    private static int Run(Span<int> slots, int from)
    {
        var end = from + 1;
        while (end < slots.Length && slots[end] == slots[from])
        {
            end++;
        }

        return end - from;
    }
}
