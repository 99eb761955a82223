using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
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

    /// <summary>What most turns send: a question with four quick replies (as a size question in the bench's outbox).</summary>
    private static readonly OutboundMessage[] Question =
    [
        new TextReply("เสื้อยืดคอกลม สีดำ ต้องการไซส์ไหนคะ")
        {
            QuickReplies = [.. new[] { "S", "M", "L", "XL" }.Select(size => new ReplyAction(size, "size:TS-BLK:" + size))],
        },
    ];

    /// <summary>A browse answer: a line of text, then a carousel of ten products with two buttons each, and quick replies.</summary>
    private static readonly OutboundMessage[] Browse =
    [
        new TextReply("สินค้าแนะนำสำหรับคุณค่ะ"),
        new ProductCarouselReply("สินค้าแนะนำ 10 รายการ", [.. Enumerable.Range(1, 10).Select(i => new ProductCard(
            $"เสื้อยืดคอกลม รุ่น {i}",
            "ผ้าฝ้าย 100% เหลือ 5 ชิ้น",
            "฿259",
            $"https://shop.example/media/products/{i}.jpg",
            [new ReplyAction("รายละเอียด", "product:TS-" + i), new ReplyAction("ใส่ตะกร้า", "add:TS-" + i)]))])
        {
            QuickReplies = [new ReplyAction("ดูตะกร้า", "basket"), new ReplyAction("ชำระเงิน", "checkout")],
        },
    ];

    [Benchmark]
    public int QuestionWithQuickReplies() => Body(Question);

    [Benchmark]
    public int BrowseCarousel() => Body(Browse);

    /// <summary>The question's text alone, written into a reply body directly.</summary>
    [Benchmark(Baseline = true)]
    public int HandWrittenText()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("replyToken", Token);
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", ((TextReply)Question[0]).Text);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray().Length;
    }

    /// <summary>The body is written out as the connection would write it (to a stream that keeps nothing).</summary>
    private static int Body(OutboundMessage[] messages)
    {
        using var body = JsonBody.WithMessages("replyToken", Token, LineMessageRenderer.Render(messages));
        body.CopyTo(Stream.Null, null, CancellationToken.None);
        return (int)body.Headers.ContentLength!.Value;
    }
}
