using System.Buffers;
using System.Text.Json;
using ChatCommerce.Channels.Common;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Benchmarks;

/// <summary>The replies the rendering benchmarks of both channels make into bodies.</summary>
internal static class BenchReplies
{
    /// <summary>What most turns send: a question with four quick replies (as a size question in the bench's outbox).</summary>
    public static readonly OutboundMessage[] Question =
    [
        new TextReply("เสื้อยืดคอกลม สีดำ ต้องการไซส์ไหนคะ")
        {
            QuickReplies = [.. new[] { "S", "M", "L", "XL" }.Select(size => new ReplyAction(size, "size:TS-BLK:" + size))],
        },
    ];

    /// <summary>A browse answer: a line of text, then a carousel of ten products with two buttons each, and quick replies.</summary>
    public static readonly OutboundMessage[] Browse =
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

    /// <summary>The question's text.</summary>
    public static string QuestionText => ((TextReply)Question[0]).Text;

    /// <summary>
    /// The baselines' way of writing a body by hand: one object written into a new buffer as the
    /// request bodies are written (<see cref="JsonBody.Options"/>), copied out; its length.
    /// </summary>
    public static int HandWritten(Action<Utf8JsonWriter> properties)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, JsonBody.Options))
        {
            w.WriteStartObject();
            properties(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray().Length;
    }
}
