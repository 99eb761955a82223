using System.Text;
using System.Text.Json;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Serialization;

namespace ChatCommerce.UnitTests.Engine;

/// <summary>What the database is given keeps Thai as UTF-8, and reads back the same in either form.</summary>
public sealed class StoredJsonTests
{
    private const string Thai = "เสื้อยืดสีดำราคาเท่าไหร่คะ";

    private static InboundEvent Event(string text) => new()
    {
        Channel = Channel.Line,
        EventId = "01JEXAMPLE0000000000000000",
        Kind = InboundEventKind.Message,
        RawType = "message",
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000),
        Conversation = new ConversationKey(Channel.Line, "U0123456789abcdef0123456789abcdef"),
        ContentType = MessageContentType.Text,
        Text = text,
        RawJson = JsonSerializer.Serialize(new { type = "message", message = new { text } }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
    };

    [Fact]
    public void AStoredEventKeepsItsThaiAsLettersAndIsSmallerThanTheEscapedForm()
    {
        var e = Event(Thai);
        var stored = JsonSerializer.Serialize(e, DomainJson.Stored.InboundEvent);
        var escaped = JsonSerializer.Serialize(e, DomainJson.Default.InboundEvent);

        Assert.Contains(Thai, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0E", stored, StringComparison.Ordinal);
        Assert.Contains("\\u0E", escaped, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(stored) < Encoding.UTF8.GetByteCount(escaped) * 3 / 4, $"{stored.Length} against {escaped.Length}");

        // Rows written before (escaped) and after read the same.
        foreach (var row in new[] { stored, escaped })
        {
            var read = JsonSerializer.Deserialize(row, DomainJson.Default.InboundEvent)!;
            Assert.Equal((e.Text, e.RawJson, e.Conversation, e.Timestamp), (read.Text, read.RawJson, read.Conversation, read.Timestamp));
        }
    }

    [Theory]
    [InlineData("ลูกค้าพิมพ์ \"ด่วน\" มา\nบรรทัดใหม่\tแท็บ \\ ทับ")]
    [InlineData("<script>alert('x')</script> & ราคา ฿259 😀")]
    public void QuotesControlCharactersAndMarkupStillMakeValidJsonThatReadsBackExactly(string text)
    {
        var stored = JsonSerializer.Serialize(Event(text), DomainJson.Stored.InboundEvent);
        using var parsed = JsonDocument.Parse(stored);
        Assert.Equal(text, parsed.RootElement.GetProperty("Text").GetString());
        Assert.Equal(text, JsonSerializer.Deserialize(stored, DomainJson.Default.InboundEvent)!.Text);
    }

    [Fact]
    public void RepliesAndConversationStateAreStoredAsLettersToo()
    {
        List<OutboundMessage> replies = [new TextReply("สวัสดีค่ะ ยินดีต้อนรับค่ะ")];
        var stored = JsonSerializer.Serialize(replies, DomainJson.Stored.ListOutboundMessage);
        Assert.Contains("สวัสดีค่ะ ยินดีต้อนรับค่ะ", stored, StringComparison.Ordinal);
        Assert.Equal("สวัสดีค่ะ ยินดีต้อนรับค่ะ", Assert.IsType<TextReply>(Assert.Single(JsonSerializer.Deserialize(stored, DomainJson.Default.ListOutboundMessage)!)).Text);

        var state = new ConversationState { Turns = 2, Waiting = new WaitingRequest("แล้วคิดเงินเลยค่ะ", 2) };
        var saved = ConversationStateRepository.Write(state);
        Assert.Contains("แล้วคิดเงินเลยค่ะ", saved, StringComparison.Ordinal);
        Assert.Equal(state.Waiting, ConversationStateRepository.Read(saved, "th").Waiting);
    }

    /// <summary>
    /// What an event's fields say (a one-to-one chat, something a shopper said) is worked out from
    /// them when read, not stored beside them; rows stored with those two read the same.
    /// </summary>
    [Fact]
    public void WhatIsWorkedOutFromAnEventIsNotStoredAndOlderRowsThatHaveItStillRead()
    {
        var e = Event(Thai) with { SenderId = "U0123456789abcdef0123456789abcdef" };
        var stored = JsonSerializer.Serialize(e, DomainJson.Stored.InboundEvent);

        Assert.DoesNotContain("IsOneToOne", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("IsConversational", stored, StringComparison.Ordinal);

        var older = stored[..^1] + ",\"IsOneToOne\":true,\"IsConversational\":true}";
        foreach (var row in new[] { stored, older })
        {
            var read = JsonSerializer.Deserialize(row, DomainJson.Default.InboundEvent)!;
            Assert.Equal(e, read);
            Assert.True(read.IsOneToOne);
            Assert.True(read.IsConversational);
        }
    }
}
