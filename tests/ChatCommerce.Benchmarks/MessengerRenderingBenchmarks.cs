using BenchmarkDotNet.Attributes;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Benchmarks;

/// <summary>
/// A turn's replies made into Messenger's Send API bodies (one a message, each with its delivery
/// marker, written out as the connection would send them), against a baseline measured in the
/// same run: the question's text alone written into a body by hand.
/// </summary>
[MemoryDiagnoser]
public class MessengerRenderingBenchmarks
{
    private const string Psid = "6543210987654321";
    private const string Seed = "0199aa00bb11cc22dd33ee44ff556677";

    [Benchmark]
    public long QuestionWithQuickReplies() => Bodies(BenchReplies.Question);

    [Benchmark]
    public long BrowseCarousel() => Bodies(BenchReplies.Browse);

    /// <summary>The question's text alone, written into a Send API body directly.</summary>
    [Benchmark(Baseline = true)]
    public int HandWrittenText() => BenchReplies.HandWritten(w =>
    {
        w.WriteStartObject("recipient");
        w.WriteString("id", Psid);
        w.WriteEndObject();
        w.WriteString("messaging_type", "RESPONSE");
        w.WriteStartObject("message");
        w.WriteString("text", BenchReplies.QuestionText);
        w.WriteEndObject();
    });

    private static long Bodies(OutboundMessage[] messages)
    {
        long bytes = 0;
        foreach (var message in MessengerMessageRenderer.Render(messages, Seed))
        {
            using var body = MessengerApiClient.SendBody(Psid, message, "RESPONSE", null);
            body.CopyTo(Stream.Null, null, CancellationToken.None);
            bytes += body.Headers.ContentLength!.Value;
        }

        return bytes;
    }
}
