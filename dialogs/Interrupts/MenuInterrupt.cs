using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs.Shopping;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Text;

namespace ChatCommerce.Dialogs.Interrupts;

/// <summary>
/// "เมนู" / "menu" / "help" at any point: leaves the question in progress (the basket stays) and
/// shows what the bot can do, with the menu.
/// </summary>
public sealed class MenuInterrupt(ShopReplies shop) : IInterrupt
{
    public const string Payload = "menu:help";
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "เมนู", "เมนูหลัก", "ช่วยเหลือ", "วิธีใช้", "ใช้ยังไง", "menu", "main menu", "help", "?", "？",
    };

    public ValueTask<InterruptOutcome?> TryHandleAsync(TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken)
    {
        var text = PoliteEndings.Trim(input.Event.Text);
        if (input.Event.Payload != Payload && (input.Event.Payload is not null || !Words.Contains(text)))
        {
            return ValueTask.FromResult<InterruptOutcome?>(null);
        }

        var locale = input.State.Locale;
        replies.Add(shop.WithMenu(new TextReply(shop.Texts.Get(locale, "help.text")), locale, replies.Basket));
        return ValueTask.FromResult<InterruptOutcome?>(new InterruptOutcome(DialogStack.Empty));
    }
}
