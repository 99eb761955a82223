using BenchmarkDotNet.Attributes;
using ChatCommerce.Channels.Common;
using ChatCommerce.Channels.Line;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Benchmarks;

/// <summary>
/// A turn's replies made into LINE's reply body (rendering plus the body's bytes, written out), against a
/// baseline measured in the same run: the first reply's text alone written into a body by hand.
/// </summary>
[MemoryDiagnoser]
public class LineRenderingBenchmarks
{
    private const string Token = "b60d432864f44d079f6d8efe86cf404b";

    [Benchmark]
    public int QuestionWithQuickReplies() => Body(BenchReplies.Question);

    [Benchmark]
    public int BrowseCarousel() => Body(BenchReplies.Browse);

    /// <summary>The question's text alone, written into a reply body directly.</summary>
    [Benchmark(Baseline = true)]
    public int HandWrittenText() => BenchReplies.HandWritten(w =>
    {
        w.WriteString("replyToken", Token);
        w.WriteStartArray("messages");
        w.WriteStartObject();
        w.WriteString("type", "text");
        w.WriteString("text", BenchReplies.QuestionText);
        w.WriteEndObject();
        w.WriteEndArray();
    });

    /// <summary>The body is written out as the connection would write it (to a stream that keeps nothing).</summary>
    private static int Body(OutboundMessage[] messages)
    {
        using var body = JsonBody.WithMessages("replyToken", Token, LineMessageRenderer.Render(messages));
        body.CopyTo(Stream.Null, null, CancellationToken.None);
        return (int)body.Headers.ContentLength!.Value;
    }
}
