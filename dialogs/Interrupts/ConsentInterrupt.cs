using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Dialogs.Interrupts;

/// <summary>
/// Marketing consent in chat: the answer to the question (its buttons) is recorded with the time,
/// the channel and the exact words asked; "ไม่รับข่าวสาร" / "stop" withdraws it at any point of
/// any flow, which then goes on where it was.
/// </summary>
public sealed class ConsentInterrupt(ReplyTexts texts, ICustomerInsights customers) : IInterrupt
{
    public const string YesPayload = "consent:yes";
    public const string NoPayload = "consent:no";

    private static readonly string[] StopPhrases =
    [
        "ไม่รับข่าวสาร", "เลิกรับข่าวสาร", "ยกเลิกรับข่าวสาร", "ยกเลิกการรับข่าวสาร", "ไม่ต้องส่งโปรโมชั่น", "ไม่รับโปรโมชั่น", "หยุดส่งโปร", "unsubscribe", "stop promotions", "stop offers",
    ];

    /// <summary>Whether a typed message takes consent back: one of the phrases, or "stop" on its own.</summary>
    public static bool Withdraws(string? text)
    {
        var said = text?.Trim().TrimEnd('.', '!').Trim().ToLowerInvariant() ?? "";
        return said is "stop" || StopPhrases.Any(p => said.Contains(p, StringComparison.Ordinal));
    }

    public async ValueTask<InterruptOutcome?> TryHandleAsync(TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken)
    {
        if (input.Contact?.CustomerId is not { } customer || !input.Event.IsOneToOne)
        {
            return null;
        }

        var locale = input.State.Locale;
        var channel = input.Event.Channel.Name();
        string? answer = input.Event.Payload switch
        {
            YesPayload => ConsentStatuses.Granted,
            NoPayload => ConsentStatuses.Declined,
            null when Withdraws(input.Event.Text) => ConsentStatuses.Withdrawn,
            _ => null,
        };
        if (answer is null)
        {
            return null;
        }

        // A yes or no agrees to the words asked; a withdrawal is in the customer's own words.
        var wording = answer == ConsentStatuses.Withdrawn ? input.Event.Text : texts.Get(locale, "consent.ask");
        await customers.RecordConsentAsync(customer, answer, channel, wording, cancellationToken);
        replies.Add(new TextReply(texts.Get(locale, answer switch
        {
            ConsentStatuses.Granted => "consent.granted",
            ConsentStatuses.Declined => "consent.declined",
            _ => "consent.withdrawn",
        })));
        return new InterruptOutcome(stack);
    }
}
