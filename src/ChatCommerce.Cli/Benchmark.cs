using System.Diagnostics;
using System.Globalization;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Language.Entities;
using ChatCommerce.Language.Intents;
using ChatCommerce.Language.Sentiment;
using ChatCommerce.Language.Text;
using ChatCommerce.Language.Training;

namespace ChatCommerce.Cli;

/// <summary>
/// Times intent and sentiment classification per message on one thread over the training
/// utterances, against a baseline measured in the same run (normalising the same text only),
/// and prints the figures with their ratio and the 1 ms budget.
/// </summary>
public static class Benchmark
{
    public static int Run(string models, int messages, TextWriter output)
    {
        var texts = LabeledTextFile.ReadEmbedded("nlu.intents.tsv", "intent").Select(e => e.Text).ToArray();
        var intents = IntentClassifier.FromEmbeddedData(models);
        var sentiment = LocalSentimentAnalyzer.FromEmbeddedData(models);

        var extractor = new EntityExtractor(ProductLexicon.Build(DemoCatalog.Products));

        var baseline = Time(messages, texts, t => TextNormalizer.ForClassification(t).Length);
        var intent = Time(messages, texts, t => intents.Predict(t).Confidence > 2 ? 1 : 0);
        var feeling = Time(messages, texts, t => sentiment.Analyze(t).Score > 2 ? 1 : 0);
        var entities = Time(messages, texts, t => extractor.Extract(t).Count);

        output.WriteLine($"messages per measurement: {messages}");
        output.WriteLine($"baseline (normalise only): {Us(baseline)} µs/message, {Bytes(baseline)} B/message");
        output.WriteLine($"intent classification:     {Us(intent)} µs/message ({Ratio(intent, baseline)}x baseline), {Bytes(intent)} B/message");
        output.WriteLine($"sentiment classification:  {Us(feeling)} µs/message ({Ratio(feeling, baseline)}x baseline), {Bytes(feeling)} B/message");
        output.WriteLine($"entity extraction:         {Us(entities)} µs/message ({Ratio(entities, baseline)}x baseline), {Bytes(entities)} B/message");
        output.WriteLine($"budget 1000 µs/message: intent uses {(intent.PerMessage.TotalMicroseconds / 10).ToString("0.0", CultureInfo.InvariantCulture)}%");
        return 0;
    }

    private static Measured Time(int messages, string[] texts, Func<string, int> work)
    {
        var sink = 0;
        for (var i = 0; i < Math.Min(messages, 2000); i++)
        {
            sink += work(texts[i % texts.Length]);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            sink += work(texts[i % texts.Length]);
        }

        watch.Stop();
        GC.KeepAlive(sink);
        return new Measured(watch.Elapsed / messages, (GC.GetAllocatedBytesForCurrentThread() - allocated) / messages);
    }

    private static string Us(Measured m) => m.PerMessage.TotalMicroseconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Bytes(Measured m) => m.BytesPerMessage.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(Measured value, Measured baseline) =>
        (value.PerMessage.TotalMicroseconds / Math.Max(baseline.PerMessage.TotalMicroseconds, 0.001)).ToString("0.0", CultureInfo.InvariantCulture);

    private readonly record struct Measured(TimeSpan PerMessage, long BytesPerMessage);
}
