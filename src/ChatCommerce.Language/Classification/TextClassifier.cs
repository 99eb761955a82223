using System.Security.Cryptography;
using System.Text;
using ChatCommerce.Language.Text;
using ChatCommerce.Language.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace ChatCommerce.Language.Classification;

/// <summary>
/// A multiclass text classifier: ML.NET maximum-entropy (L-BFGS) over character 1–5-grams and word
/// 1–2-grams of the normalised text, its Thai words separated by ICU's dictionary break iterator
/// (<see cref="ThaiWords"/>), so word features mean Thai words too. The models of the product's own
/// training data are shipped in this assembly (<c>Models/</c>, made by <c>chatcommerce nlu train</c>), so a
/// host starts without training; other data is trained once, saved under the cache folder keyed by a
/// hash of the training data, and loaded from there afterwards. Safe to call from many threads.
/// </summary>
public sealed class TextClassifier
{
    private readonly ITransformer _model;
    private readonly MLContext _ml;
    private readonly string[] _labels;
    private readonly System.Collections.Concurrent.ConcurrentBag<PredictionEngine<Input, Output>> _engines = [];
    private readonly LinearTextScorer? _scorer;

    /// <summary>How far the direct scorer's probabilities may stray from ML.NET's (float sums in another order).</summary>
    public const float Tolerance = 1e-4f;

    /// <param name="agreementChecked">The direct scorer was checked against ML.NET for this model already (a shipped model: by a unit test).</param>
    private TextClassifier(MLContext ml, ITransformer model, DataViewSchema inputSchema, IReadOnlyList<LabeledText> examples, string? path, bool agreementChecked = false)
    {
        _ml = ml;
        _model = model;
        var scoreColumn = model.GetOutputSchema(inputSchema)["Score"];
        VBuffer<ReadOnlyMemory<char>> names = default;
        scoreColumn.GetSlotNames(ref names);
        _labels = names.DenseValues().Select(n => n.ToString()).ToArray();

        // The direct scorer is used only when it gives what ML.NET gives on every training sentence
        // (checked once per model file in a process: test hosts load the same file many times).
        var scorer = LinearTextScorer.TryCreate(model, inputSchema);
        if (scorer is not null && scorer.Classes == _labels.Length)
        {
            _scorer = scorer;
            var agrees = agreementChecked
                || (path is not null && Agreement.TryGetValue(path, out var known)
                    ? known
                    : LargestDifference(examples.Select(e => e.Text)) <= Tolerance);
            if (path is not null && !agreementChecked)
            {
                Agreement[path] = agrees;
            }

            if (!agrees)
            {
                _scorer = null;
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Agreement = new(StringComparer.Ordinal);

    /// <summary>True when predictions come from the direct scorer, not ML.NET's prediction engine.</summary>
    public bool IsDirect => _scorer is not null;

    /// <summary>
    /// The largest difference of any label's probability between the direct scorer and ML.NET's
    /// prediction engine over <paramref name="texts"/> (0 when there is no direct scorer).
    /// </summary>
    public float LargestDifference(IEnumerable<string> texts)
    {
        if (_scorer is null)
        {
            return 0;
        }

        var largest = 0f;
        var direct = new float[_labels.Length];
        foreach (var text in texts)
        {
            var reference = Engine(text);
            if (!_scorer.TryScore(Prepare(text), direct))
            {
                continue;
            }

            for (var k = 0; k < direct.Length; k++)
            {
                largest = Math.Max(largest, Math.Abs(direct[k] - reference[k]));
            }
        }

        return largest;
    }

    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Where a shipped model sits among the assembly's resources: this prefix and its file name.</summary>
    public const string ShippedPrefix = "models.";

    /// <summary>
    /// The model of these examples: the one shipped in this assembly (made from the same data), else
    /// the one trained earlier in <paramref name="cacheDirectory"/>, else trained now and saved there.
    /// </summary>
    public static TextClassifier TrainOrLoad(IReadOnlyList<LabeledText> examples, string name, string? cacheDirectory)
    {
        var ml = new MLContext(seed: 7);
        var file = FileName(name, examples);
        if (LoadShipped(ml, examples, file) is { } shipped)
        {
            return shipped;
        }

        var path = cacheDirectory is null ? null : Path.Combine(cacheDirectory, file);
        if (path is null)
        {
            return Train(ml, examples, null);
        }

        // Hosts started together in one process (tests) train a model once; the others load it.
        lock (Training.GetOrAdd(Path.GetFullPath(path), _ => new object()))
        {
            return LoadOrTrain(ml, examples, path);
        }
    }

    /// <summary>
    /// Trains a model of the examples and saves it in <paramref name="directory"/> under its file
    /// name, whatever is shipped (how the shipped models are made); returns the file's path.
    /// </summary>
    public static string TrainTo(IReadOnlyList<LabeledText> examples, string name, string directory)
    {
        var path = Path.Combine(directory, FileName(name, examples));
        Train(new MLContext(seed: 7), examples, path);
        return path;
    }

    /// <summary>A model's file name: its name and a hash of the data and pipeline that make it.</summary>
    public static string FileName(string name, IReadOnlyList<LabeledText> examples) => $"{name}-{Fingerprint(examples)}.zip";

    private static TextClassifier? LoadShipped(MLContext ml, IReadOnlyList<LabeledText> examples, string file)
    {
        using var stream = typeof(TextClassifier).Assembly.GetManifestResourceStream(ShippedPrefix + file);
        if (stream is null)
        {
            return null;
        }

        // The direct scorer's agreement with ML.NET on every training sentence is a property of the
        // model file: for a shipped one a unit test checks it, not every start (seconds of a core).
        var loaded = ml.Model.Load(stream, out var schema);
        return new TextClassifier(ml, loaded, schema, examples, ShippedPrefix + file, agreementChecked: true);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> Training = new(StringComparer.Ordinal);

    private static TextClassifier LoadOrTrain(MLContext ml, IReadOnlyList<LabeledText> examples, string path)
    {
        if (File.Exists(path))
        {
            try
            {
                var loaded = ml.Model.Load(path, out var schema);
                return new TextClassifier(ml, loaded, schema, examples, Path.GetFullPath(path));
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or IOException or InvalidDataException)
            {
                File.Delete(path);
            }
        }

        return Train(ml, examples, path);
    }

    private static TextClassifier Train(MLContext ml, IReadOnlyList<LabeledText> examples, string? path)
    {
        var data = ml.Data.LoadFromEnumerable(examples.Select(e => new Input { Text = Prepare(e.Text), Label = e.Label }));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                KeepDiacritics = true,
                KeepPunctuations = false,
                KeepNumbers = true,
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
                CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 5, UseAllLengths = true },
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(Input.Text)))
            // The optimiser reads the rows once an iteration: featurised once and kept in memory,
            // not broken into words and n-grams again each time (training took half as long on one
            // core, 10 s against 19, the model byte for byte the same).
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(labelColumnName: "Label", featureColumnName: "Features", l1Regularization: 0f, l2Regularization: 0.01f))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(data);
        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            ml.Model.Save(model, data.Schema, temporary);
            File.Move(temporary, path, overwrite: true);
        }

        return new TextClassifier(ml, model, data.Schema, examples, path is null ? null : Path.GetFullPath(path));
    }

    /// <summary>Every label with its probability, most likely first.</summary>
    public IReadOnlyList<(string Label, float Score)> Classify(string text)
    {
        Span<float> direct = stackalloc float[_labels.Length];
        ReadOnlySpan<float> probabilities = _scorer is not null && _scorer.TryScore(Prepare(text), direct) ? direct : Engine(text);
        var scores = new (string Label, float Score)[_labels.Length];
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = (_labels[k], probabilities[k]);
        }

        // Most likely first; equal scores keep the model's label order (a stable sort).
        return [.. scores.OrderByDescending(s => s.Score)];
    }

    /// <summary>The probabilities ML.NET's prediction engine gives, in label order.</summary>
    private float[] Engine(string text)
    {
        // A prediction engine is not thread-safe and costly to create (it emits code): engines are
        // pooled and reused, never one per thread (pool threads come and go).
        var engine = _engines.TryTake(out var pooled) ? pooled : _ml.Model.CreatePredictionEngine<Input, Output>(_model);
        try
        {
            return engine.Predict(new Input { Text = Prepare(text), Label = "" }).Score;
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    /// <summary>
    /// What the model reads: the normalised text with its Thai words separated. The intent and the
    /// sentiment model read the same message one after the other (with the intent's last clause in
    /// between): the last two texts prepared on a thread are kept, so a message is broken into
    /// words once.
    /// </summary>
    public static string Prepare(string text)
    {
        var cache = _prepared ??= new (string, string)[2];
        foreach (var (raw, prepared) in cache)
        {
            if (raw is not null && string.Equals(raw, text, StringComparison.Ordinal))
            {
                return prepared;
            }
        }

        var result = ThaiWords.Separate(TextNormalizer.ForClassification(text));
        cache[1] = cache[0];
        cache[0] = (text, result);
        return result;
    }

    [ThreadStatic]
    private static (string Raw, string Prepared)[]? _prepared;

    private static string Fingerprint(IReadOnlyList<LabeledText> examples)
    {
        var builder = new StringBuilder("v3\n");
        foreach (var e in examples)
        {
            builder.Append(e.Text).Append('\t').Append(e.Label).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())))[..16];
    }

    private sealed class Input
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private sealed class Output
    {
        public float[] Score { get; set; } = [];
    }
}
