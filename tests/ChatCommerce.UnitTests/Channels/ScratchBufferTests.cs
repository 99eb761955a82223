using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using ChatCommerce.Channels.Common;
using ChatCommerce.Channels.Line;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.UnitTests.Channels;

/// <summary>Renders and request bodies share one buffer a thread; what each hands out must be its own.</summary>
public sealed class ScratchBufferTests
{
    private static readonly OutboundMessage[] Carousel =
    [
        new TextReply("สินค้าแนะนำค่ะ"),
        new ProductCarouselReply("สินค้าแนะนำ", [.. Enumerable.Range(1, 10).Select(i => new ProductCard(
            $"เสื้อยืด รุ่น {i}", "ผ้าฝ้าย 100%", "฿259", $"https://shop.example/media/{i}.jpg",
            [new ReplyAction("รายละเอียด", "product:" + i), new ReplyAction("ใส่ตะกร้า", "add:" + i)]))]),
    ];

    private static readonly OutboundMessage[] Question = [new TextReply("ไซส์ไหนคะ") { QuickReplies = [new ReplyAction("M", "size:M")] }];

    [Fact]
    public void AnEarlierRenderKeepsItsBytesWhenTheThreadRendersAgain()
    {
        var first = LineMessageRenderer.Render(Carousel);
        var firstText = first.Select(m => m.ToString()).ToList();

        var second = LineMessageRenderer.Render(Question);
        LineMessageRenderer.Render(Carousel);

        Assert.Equal(firstText, first.Select(m => m.ToString()));
        Assert.Equal("ไซส์ไหนคะ", (string?)JsonNode.Parse(Assert.Single(second).Utf8.Span)!["text"]);
        Assert.Equal(2, first.Count);
        Assert.Equal("carousel", (string?)JsonNode.Parse(first[1].Utf8.Span)!["contents"]!["type"]);
    }

    [Fact]
    public void ABodyKeepsItsBytesWhenTheThreadWritesAnother()
    {
        // Read without awaiting, so that both bodies are written on this one thread.
        var big = JsonBody.WithMessages("replyToken", "t1", LineMessageRenderer.Render(Carousel));
        var bigText = Text(big);
        var small = JsonBody.WithMessages("to", "U2", LineMessageRenderer.Render(Question));

        Assert.Equal(bigText, Text(big));
        var smallBody = JsonNode.Parse(Text(small))!;
        Assert.Equal("U2", (string?)smallBody["to"]);
        Assert.Equal("t1", (string?)JsonNode.Parse(bigText)!["replyToken"]);
        Assert.Equal(2, JsonNode.Parse(bigText)!["messages"]!.AsArray().Count);
    }

    /// <summary>
    /// A body is handed to the connection in one piece, so that it leaves in as few writes as the
    /// connection's buffer allows (in pieces it took 0.4 more writes a turn in the bench).
    /// </summary>
    [Fact]
    public async Task ABodyOfRenderedMessagesIsHandedToTheConnectionInOneWrite()
    {
        using var body = JsonBody.WithMessages("replyToken", "t1", LineMessageRenderer.Render(Carousel));
        using var connection = new CountingStream();

        await body.CopyToAsync(connection);

        Assert.Equal(1, connection.Writes);
        Assert.Equal(body.Headers.ContentLength, connection.Length);
        Assert.Equal(2, JsonNode.Parse(connection.ToArray())!["messages"]!.AsArray().Count);
    }

    /// <summary>Keeps what is written and counts the writes (each way of writing counts once, none calls another).</summary>
    private sealed class CountingStream : Stream
    {
        private readonly MemoryStream _kept = new();

        public int Writes { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _kept.Length;

        public override long Position { get => _kept.Length; set => throw new NotSupportedException(); }

        public byte[] ToArray() => _kept.ToArray();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            _kept.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _kept.Dispose();
            base.Dispose(disposing);
        }
    }

    private static string Text(HttpContent content)
    {
        using var copy = new MemoryStream();
        content.CopyTo(copy, null, CancellationToken.None);
        return Encoding.UTF8.GetString(copy.ToArray());
    }

    [Fact]
    public void ASecondTakeBeforeTheFirstIsGivenBackGetsABufferOfItsOwn()
    {
        var outer = ScratchBuffer.Take();
        outer.Write("outer"u8);
        var inner = ScratchBuffer.Take();
        inner.Write("inner"u8);

        Assert.NotSame(outer, inner);
        Assert.Equal("outer", Encoding.UTF8.GetString(outer.WrittenSpan));
        ScratchBuffer.GiveBack(inner);
        ScratchBuffer.GiveBack(outer);

        var next = ScratchBuffer.Take();
        Assert.Equal(0, next.WrittenCount);
        ScratchBuffer.GiveBack(next);
    }
}
