using System.Globalization;
using System.Text;
using ChatCommerce.Domain.Payments;

namespace ChatCommerce.UnitTests.Payments;

public sealed class PromptPayTests
{
    [Fact]
    public void TheCrcIsCcittFalse()
    {
        // The catalogue check value of CRC-16/CCITT-FALSE.
        Assert.Equal(0x29B1, PromptPay.Crc16("123456789"u8));
        Assert.Equal(0xFFFF, PromptPay.Crc16([]));
    }

    [Fact]
    public void APublishedStaticCodeHasTheChecksumWeCompute()
    {
        // Published as an example of a static PromptPay code for the dummy number 000-000-0000
        // (fields in the order that publication used: 58 before 53).
        const string published = "00020101021129370016A000000677010111011300660000000005802TH530376463048956";
        Assert.Equal(published, PromptPay.WithCrc(published[..^8]));
    }

    [Theory]
    [InlineData("081-234-5678", PromptPay.IdKind.Mobile, "0066812345678")]
    [InlineData("0812345678", PromptPay.IdKind.Mobile, "0066812345678")]
    [InlineData("+66 81 234 5678", PromptPay.IdKind.Mobile, "0066812345678")]
    [InlineData("66812345678", PromptPay.IdKind.Mobile, "0066812345678")]
    [InlineData("1-1020-00345-67-8", PromptPay.IdKind.NationalOrTaxId, "1102000345678")]
    [InlineData("0105556012345", PromptPay.IdKind.NationalOrTaxId, "0105556012345")]
    [InlineData("004999000281286", PromptPay.IdKind.EWallet, "004999000281286")]
    public void IdsAreReadAsTheShopTypesThem(string typed, PromptPay.IdKind kind, string value)
    {
        Assert.True(PromptPay.TryParseId(typed, out var parsedKind, out var parsed));
        Assert.Equal(kind, parsedKind);
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("081234567x")]
    [InlineData("1812345678")]
    [InlineData("08123456789")]
    public void OtherIdsAreRefused(string typed)
    {
        Assert.False(PromptPay.TryParseId(typed, out _, out _));
        Assert.Throws<ArgumentException>(() => PromptPay.Payload(typed, 100));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(1L, "0.01")]
    [InlineData(39000L, "390.00")]
    [InlineData(123456L, "1234.56")]
    [InlineData(PromptPay.MaxAmountSatang, "9999999999.99")]
    public void ThePayloadHoldsTheIdTheExactAmountAndAValidChecksum(long? satang, string? amount)
    {
        var payload = PromptPay.Payload("081-234-5678", satang);
        var fields = Decode(payload);
        Assert.Equal(["00", "01", "29", "53", .. amount is null ? Array.Empty<string>() : ["54"], "58", "63"], fields.Select(f => f.Tag));
        Assert.Equal("01", Value(fields, "00"));
        Assert.Equal(amount is null ? "11" : "12", Value(fields, "01"));
        var account = Decode(Value(fields, "29"));
        Assert.Equal(("00", PromptPay.CreditTransferAid), account[0]);
        Assert.Equal(("01", "0066812345678"), account[1]);
        Assert.Equal("764", Value(fields, "53"));
        Assert.Equal("TH", Value(fields, "58"));
        if (amount is not null)
        {
            Assert.Equal(amount, Value(fields, "54"));
        }

        // Checked by a second, bit-by-bit CRC written here, independent of the product's table.
        Assert.Equal(BitwiseCrc(payload[..^4]).ToString("X4", CultureInfo.InvariantCulture), Value(fields, "63"));
    }

    [Fact]
    public void AnAmountOutsideTheFieldIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PromptPay.Payload("0812345678", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PromptPay.Payload("0812345678", PromptPay.MaxAmountSatang + 1));
    }

    private static List<(string Tag, string Value)> Decode(string tlv)
    {
        var fields = new List<(string, string)>();
        for (var i = 0; i < tlv.Length;)
        {
            var length = int.Parse(tlv.AsSpan(i + 2, 2), CultureInfo.InvariantCulture);
            fields.Add((tlv.Substring(i, 2), tlv.Substring(i + 4, length)));
            i += 4 + length;
        }

        return fields;
    }

    private static string Value(List<(string Tag, string Value)> fields, string tag) => fields.Single(f => f.Tag == tag).Value;

    private static int BitwiseCrc(string text)
    {
        var crc = 0xFFFF;
        foreach (var b in Encoding.ASCII.GetBytes(text))
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                var top = ((crc >> 15) & 1) ^ ((b >> bit) & 1);
                crc = ((crc << 1) & 0xFFFF) ^ (top == 1 ? 0x1021 : 0);
            }
        }

        return crc;
    }
}
