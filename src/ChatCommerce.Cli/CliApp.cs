using System.Globalization;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Language;
using ChatCommerce.Language.Classification;
using ChatCommerce.Language.Entities;
using ChatCommerce.Language.Intents;
using ChatCommerce.Language.Sentiment;
using ChatCommerce.Language.Training;

namespace ChatCommerce.Cli;

/// <summary>The commands; returns the process exit code (0 ok, 1 failure, 2 usage).</summary>
public static class CliApp
{
    private const string Usage = """
        usage:
          chatcommerce nlu eval --intents FILE       (TSV with header text<TAB>intent)
          chatcommerce nlu eval --sentiment FILE     (TSV with header text<TAB>sentiment)
          chatcommerce nlu eval --entities FILE      (TSV with header text<TAB>expected: kind=value;kind=value, money in baht)
          (each eval also takes --show-misses: every row it got wrong)
          chatcommerce nlu predict "text"
          chatcommerce nlu bench [--messages N]     (time per classified message)
          chatcommerce nlu train --out DIR           (trains the intent and sentiment models into DIR;
                                                      src/ChatCommerce.Language/Models is what ships)
        options:
          --models DIR      where trained models are cached (default ./data/models)
          --threshold X     intent confidence below which a message is unknown (default 0.3)
        """;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var models = Option(args, "--models") ?? Path.Combine("data", "models");
        var threshold = Option(args, "--threshold") is { } t ? float.Parse(t, CultureInfo.InvariantCulture) : (float?)null;
        try
        {
            return Task.FromResult(args switch
            {
                ["nlu", "eval", "--intents", var file, ..] => EvaluateIntents(file, models, threshold, args.Contains("--show-misses"), output),
                ["nlu", "eval", "--sentiment", var file, ..] => EvaluateSentiment(file, models, args.Contains("--show-misses"), output),
                ["nlu", "eval", "--entities", var file, ..] => EvaluateEntities(file, args.Contains("--show-misses"), output),
                ["nlu", "predict", var text, ..] => Predict(text, models, threshold, output),
                ["nlu", "train", "--out", var directory, ..] => Train(directory, output),
                ["nlu", "bench", ..] => Benchmark.Run(models, int.Parse(Option(args, "--messages") ?? "20000", CultureInfo.InvariantCulture), output),
                _ => Fail(error, Usage, 2),
            });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or FormatException)
        {
            return Task.FromResult(Fail(error, ex.Message, 1));
        }
    }

    private static int EvaluateIntents(string file, string models, float? threshold, bool showMisses, TextWriter output)
    {
        var examples = LabeledTextFile.ReadFile(file, "intent");
        var classifier = Intents(models, threshold);
        var report = Evaluation.Run(examples, e => classifier.Predict(e).Intent);
        report.Write(output, "intent", showMisses);
        return 0;
    }

    private static int EvaluateSentiment(string file, string models, bool showMisses, TextWriter output)
    {
        var examples = LabeledTextFile.ReadFile(file, "sentiment");
        var analyzer = LocalSentimentAnalyzer.FromEmbeddedData(models);
        var report = Evaluation.Run(examples, e => analyzer.Analyze(e).Label);
        report.Write(output, "sentiment", showMisses);
        return 0;
    }

    private static int EvaluateEntities(string file, bool showMisses, TextWriter output)
    {
        var rows = EntityEvaluation.ReadFile(file);
        var extractor = new EntityExtractor(ProductLexicon.Build(DemoCatalog.Products));
        EntityEvaluation.Run(rows, text => extractor.Extract(text)).Write(output, showMisses);
        return 0;
    }

    /// <summary>
    /// Trains both models afresh into a folder and removes older models of the same names there, so
    /// the folder holds exactly the models of the current training data.
    /// </summary>
    private static int Train(string directory, TextWriter output)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, examples) in ShippedModels.All())
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var path = TextClassifier.TrainTo(examples, name, directory);
            foreach (var old in Directory.EnumerateFiles(directory, name + "-*.zip").Where(f => Path.GetFullPath(f) != Path.GetFullPath(path)))
            {
                File.Delete(old);
            }

            output.WriteLine($"{name}: {examples.Count} examples, {Path.GetFileName(path)} ({new FileInfo(path).Length:N0} bytes, {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)");
        }

        return 0;
    }

    private static int Predict(string text, string models, float? threshold, TextWriter output)
    {
        var intent = Intents(models, threshold).Predict(text);
        var sentiment = LocalSentimentAnalyzer.FromEmbeddedData(models).Analyze(text);
        output.WriteLine($"intent: {intent.Intent} (confidence {F(intent.Confidence)}; best guess {intent.BestGuess}, runner-up {intent.RunnerUp} {F(intent.RunnerUpConfidence)})");
        var (positive, negative) = SentimentLexicon.FromEmbeddedData().Tally(text);
        output.WriteLine($"sentiment: {sentiment.Label} ({F(sentiment.Score)}; lexicon +{positive} -{negative})");
        var extractor = new EntityExtractor(ProductLexicon.Build(DemoCatalog.Products));
        var classifier = Intents(models, threshold);
        if (Requests.Split(text, classifier.Predict, part => extractor.Extract(part).Any(e => e.Type == EntityType.Product)) is { } parts)
        {
            output.WriteLine($"two requests: {parts.FirstIntent.Intent} \"{parts.First}\", then {parts.SecondIntent.Intent} \"{parts.Second}\"");
        }

        var entities = extractor.Extract(text);
        output.WriteLine(entities.Count == 0 ? "entities: none" : "entities (demo catalog):");
        foreach (var entity in entities)
        {
            output.WriteLine($"  {entity.Type}: {entity.Value}  \"{entity.Text}\"");
        }
        return 0;
    }

    private static IntentClassifier Intents(string models, float? threshold) =>
        threshold is { } value ? IntentClassifier.FromEmbeddedData(models, value) : IntentClassifier.FromEmbeddedData(models);

    private static string F(float value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int Fail(TextWriter error, string message, int code)
    {
        error.WriteLine(message);
        return code;
    }
}
