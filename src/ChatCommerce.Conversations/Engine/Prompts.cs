using System.Globalization;
using System.Text.RegularExpressions;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Text;

namespace ChatCommerce.Conversations.Engine;

/// <summary>
/// Reading the shopper's answer to a question, in Thai or English: a number, a choice among
/// buttons, yes/no, a phone number, a Thai address with its postcode, a shared location or a
/// photo. Each returns null when the answer does not fit, and the step then asks again
/// (<c>Retry</c>), which the engine counts and escalates.
/// </summary>
public static partial class Prompts
{
    private static readonly string[] Yes = ["ใช่", "ตกลง", "ยืนยัน", "โอเค", "ok", "okay", "yes", "y", "sure", "confirm", "ได้", "ถูกต้อง", "เอา"];
    private static readonly string[] No = ["ไม่", "ไม่ใช่", "ไม่เอา", "no", "n", "nope", "ยกเลิก", "cancel"];

    /// <summary>A whole number in [min, max]: digits, Thai digits, or a quantity the understanding found.</summary>
    public static int? Number<TState>(StepContext<TState> context, int min, int max)
    {
        var text = ThaiNumbers.ToAsciiDigits(context.Text.Trim());
        var value = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : context.Input.Understanding.Entities.FirstOrDefault(e => e.Type == "quantity") is { } q && int.TryParse(q.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m
            : (int?)null;
        return value is { } v && v >= min && v <= max ? v : null;
    }

    /// <summary>The payload of the tapped option, or the option whose label or number the shopper typed.</summary>
    public static string? Choice<TState>(StepContext<TState> context, IReadOnlyList<ReplyAction> options)
    {
        if (context.Payload is { } payload)
        {
            return options.FirstOrDefault(o => o.Payload == payload)?.Payload;
        }

        var text = context.Text.Trim();
        var byLabel = options.FirstOrDefault(o => string.Equals(o.Label, text, StringComparison.OrdinalIgnoreCase));
        if (byLabel is not null)
        {
            return byLabel.Payload;
        }

        return int.TryParse(ThaiNumbers.ToAsciiDigits(text), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 1 && index <= options.Count
            ? options[index - 1].Payload
            : null;
    }

    /// <summary>True for yes, false for no, null when the answer is neither.</summary>
    public static bool? Confirm<TState>(StepContext<TState> context, string yesPayload, string noPayload)
    {
        if (context.Payload == yesPayload)
        {
            return true;
        }

        if (context.Payload == noPayload)
        {
            return false;
        }

        var text = PoliteEndings.Trim(context.Text.ToLowerInvariant());
        return No.Contains(text) ? false : Yes.Contains(text) ? true : null;
    }

    /// <summary>A Thai phone number as ten (mobile) or nine (landline) digits.</summary>
    public static string? Phone<TState>(StepContext<TState> context)
    {
        if (context.Input.Understanding.Entities.FirstOrDefault(e => e.Type == "phone") is { } phone)
        {
            return phone.Value;
        }

        return ThaiNumbers.Phone(context.Text);
    }

    /// <summary>A delivery address: some text with a valid Thai postcode in it.</summary>
    public static (string Address, string Postcode)? Address<TState>(StepContext<TState> context) => AddressIn(context.Text);

    /// <summary>The same reading of any text (a shared location's address, for instance).</summary>
    public static (string Address, string Postcode)? AddressIn(string? text)
    {
        text = (text ?? "").Trim();
        var postcode = PostcodePattern().Matches(ThaiNumbers.ToAsciiDigits(text)).Select(m => m.Value).LastOrDefault(ThaiNumbers.IsPostcode);
        return postcode is null || text.Length < 15 ? null : (text, postcode);
    }

    public static InboundLocation? Location<TState>(StepContext<TState> context) =>
        context.Input.Event.ContentType == MessageContentType.Location ? context.Input.Event.Location : null;

    /// <summary>The id of the photo the shopper sent (a payment slip, a damaged item).</summary>
    public static string? Image<TState>(StepContext<TState> context) =>
        context.Input.Event.ContentType == MessageContentType.Image ? context.Input.Event.MessageId ?? context.Input.Event.MediaUrl : null;

    [GeneratedRegex(@"(?<!\d)\d{5}(?!\d)")]
    private static partial Regex PostcodePattern();
}
