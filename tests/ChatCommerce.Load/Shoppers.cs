
namespace ChatCommerce.Load;

/// <summary>One step of a shopper's conversation: say something, or tap a button of the last answer.</summary>
/// <param name="Tap">Part of a button's label; when no button of the last answer has it, <paramref name="Text"/> is typed instead.</param>
public sealed record ScriptStep(string Text, string? Tap = null);

/// <summary>The conversation every shopper has, again and again: greet, browse, add, check out, ask after the order.</summary>
public static class ShoppingScript
{
    /// <summary>Stands for the shopper's own phone number in a step's text.</summary>
    public const string PhoneMark = "{phone}";

    public static IReadOnlyList<ScriptStep> Thai { get; } =
    [
        new("สวัสดีค่ะ"),
        new("ขอดูสินค้าหน่อยค่ะ"),
        new("cf sn1 2"),
        new("สั่งซื้อค่ะ", Tap: "สั่งซื้อ"),
        new("สมใจ ทดสอบ"),
        new(ShoppingScript.PhoneMark),
        new("99/1 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพฯ 10110"),
        new("ไปรษณีย์ไทย", Tap: "ไปรษณีย์ไทย"),
        new("เก็บเงินปลายทาง", Tap: "ปลายทาง"),
        new("ยืนยันค่ะ", Tap: "ยืนยัน"),
        new("ของถึงไหนแล้วคะ"),
        new("ขอบคุณค่ะ"),
    ];

    /// <summary>
    /// Single messages with no conversation behind them, the end-to-end bench's seven texts in its
    /// order (a greeting, browsing, a price question, an add to the basket, thanks, two in English):
    /// the bench's turns at an offered rate, to measure their reply latency below the capacity.
    /// </summary>
    public static IReadOnlyList<ScriptStep> Messages { get; } =
    [
        new("สวัสดีค่ะ"),
        new("ขอดูสินค้าหน่อยค่ะ"),
        new("เสื้อยืดสีดำราคาเท่าไหร่คะ"),
        new("เอาเสื้อยืดสีดำ 2 ตัวค่ะ"),
        new("ขอบคุณค่ะ"),
        new("hello"),
        new("what do you sell?"),
    ];

    /// <summary>The script a run's shoppers follow: <c>shopping</c> (whole conversations, the default) or <c>messages</c>.</summary>
    public static IReadOnlyList<ScriptStep> Named(string name) => name switch
    {
        "shopping" => Thai,
        "messages" => Messages,
        _ => throw new ArgumentException($"No script called '{name}' (shopping, messages)", nameof(name)),
    };
}

/// <summary>A simulated customer on one channel: where they are in the script and what they were last shown.</summary>
/// <param name="script">What the shopper says, in turn and again (whole conversations when not given).</param>
public sealed class Shopper(int index, bool messenger, IReadOnlyList<ScriptStep>? script = null)
{
    private readonly IReadOnlyList<ScriptStep> _script = script ?? ShoppingScript.Thai;
    private readonly Lock _gate = new();
    private IReadOnlyList<(string Label, string Data)> _buttons = [];

    public int Index => index;

    public bool OnMessenger => messenger;

    /// <summary>LINE user id (U + 32 hex) or Messenger PSID (16 digits).</summary>
    public string Id { get; } = messenger ? "61" + index.ToString("D14", System.Globalization.CultureInfo.InvariantCulture) : "U" + index.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The shopper's own mobile number (08 and eight digits from the index). Shoppers sharing one
    /// number are one person to the product (checkout links their chats across channels), so one
    /// number for everyone made every order a merge of customers under one row's lock.
    /// </summary>
    public string Phone { get; } = "08" + (10_000_000 + index).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int Step { get; set; }

    /// <summary>The platform time (ms) of the shopper's last message.</summary>
    public long LastTimestamp { get; set; }

    /// <summary>The event whose answer the shopper waits for (null: free to write).</summary>
    public string? Awaiting { get; set; }

    public void Shown(IReadOnlyList<(string Label, string Data)> buttons)
    {
        lock (_gate)
        {
            if (buttons.Count > 0)
            {
                _buttons = buttons;
            }
        }
    }

    /// <summary>The next thing the shopper does: a postback for a tap when the button is there, text otherwise.</summary>
    public (string? Text, string? Postback, string? PostbackLabel) Next()
    {
        var step = _script[Step % _script.Count];
        Step++;
        if (step.Tap is { } wanted)
        {
            lock (_gate)
            {
                foreach (var (label, data) in _buttons)
                {
                    if (label.Contains(wanted, StringComparison.Ordinal))
                    {
                        return (null, data, label);
                    }
                }
            }
        }

        return (step.Text == ShoppingScript.PhoneMark ? Phone : step.Text, null, null);
    }
}
