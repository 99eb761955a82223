using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs.Interrupts;
using ChatCommerce.Dialogs.Shopping;
using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Shop;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Dialogs.Complaints;

/// <summary>
/// A complaint, at any point of a conversation (in the middle of checkout too: the checkout waits
/// at its question and goes on with the next answer): a case is opened in the turn's transaction
/// with its category, the order it most likely concerns, a severity and the time a person will
/// answer by (working hours), and the shopper gets an apology that says so. A high-severity case
/// goes to staff at once (the bot then stays silent); otherwise a person is one tap away.
/// </summary>
public sealed class ComplaintInterrupt(ReplyTexts texts, ICaseStore cases, IOrderStore orders, IHandoffQueue queue, ShopReplies shopReplies, ComplaintFlow flow, IOptions<ShopOptions> shop, TimeProvider clock) : IInterrupt
{
    /// <summary>A strongly negative message (sentiment model's score at least this) counts as more severe.</summary>
    public const float StronglyNegative = 0.8f;

    /// <summary>With a negative feeling, a complaint intent this sure is enough.</summary>
    public const float FairlySure = 0.5f;

    public async ValueTask<InterruptOutcome?> TryHandleAsync(TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken)
    {
        var e = input.Event;
        if (e.Payload is not null || string.IsNullOrWhiteSpace(e.Text))
        {
            return null;
        }

        var category = ComplaintRules.CategoryOf(e.Text);
        if (stack.Top is { Flow: ComplaintFlow.FlowId } asking)
        {
            // Answers to the complaint's own questions are the flow's; words of another problem
            // ("and the box was crushed too") are a new complaint, and its questions replace these.
            if (asking.Step == "category" || category is null || category == ComplaintFlow.CategoryOf(asking))
            {
                return null;
            }

            stack = stack.Pop();
        }

        var understood = input.Understanding;
        // Outside a question: the complaint intent when sure of it, or fairly sure and said with a
        // negative feeling. At a question (a checkout's phone number) only words of damage, loss or
        // lateness interrupt: the intent model reads a short answer like "ไม่รู้สิ" as a complaint.
        var atQuestion = stack.Top is { } top && top.Flow != Welcome.WelcomeFlow.FlowId;
        var saysComplaint = !atQuestion && (InterruptRules.Says(input, "complaint")
            || (understood.Intent == "complaint" && understood.IntentConfidence >= FairlySure && understood.Sentiment == "negative"));
        if (category is null && !saysComplaint)
        {
            return null;
        }

        category ??= CaseCategories.Other;
        var locale = input.State.Locale;
        var conversation = e.Conversation;
        var now = clock.GetUtcNow();
        var recentOrders = (await orders.ForCustomerAsync(conversation.ChannelName, conversation.ChatId, 3, cancellationToken))
            .Where(o => now - DateTimeOffset.FromUnixTimeMilliseconds(o.CreatedAtMs) < TimeSpan.FromDays(60)).ToList();
        var recentOrder = recentOrders.FirstOrDefault();
        var earlier = await cases.ForConversationAsync(conversation.ToString(), now - TimeSpan.FromDays(90), cancellationToken);
        var stronglyNegative = understood.Sentiment == "negative" && understood.SentimentScore >= StronglyNegative;
        var severity = ComplaintRules.Severity(
            category,
            stronglyNegative,
            recentOrder?.TotalSatang ?? 0,
            earlier.Count > 0);
        var options = shop.Value;
        var local = options.Local(now);
        var due = ComplaintRules.AddWorkingTime(local, ComplaintRules.AnswerWithin(severity), options.OpensAt, options.ClosesAt);
        var opened = await cases.OpenAsync(new ServiceCase
        {
            Conversation = conversation.ToString(),
            OrderNumber = recentOrder?.Number,
            Category = category,
            Severity = severity,
            Status = CaseStatus.Open,
            Text = e.Text!,
            OpenedByEvent = e.EventId,
            DueAtMs = due.ToUnixTimeMilliseconds(),
        }, cancellationToken);

        var handToStaff = severity == CaseSeverity.High;
        var text = texts.Get(locale, "complaint.opened",
            ("what", texts.Get(locale, "complaint.category." + category)),
            ("order", recentOrder is null ? "" : texts.Get(locale, "complaint.of_order", ("number", recentOrder.Number))),
            ("case", opened.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("due", shopReplies.Time(locale, due)));
        if (handToStaff)
        {
            await queue.RequestAsync(conversation, "complaint", e.Text, cancellationToken);
            replies.Add(new TextReply(text + "\n" + texts.Get(locale, "complaint.staff_now")));
            return new InterruptOutcome(stack, HandToStaff: true);
        }

        var paused = stack.Top?.Flow == Checkout.CheckoutFlow.FlowId;
        // A few questions fill the case in (skippable; each answer kept at once), then the checkout waits on.
        var questions = flow.Begin(new ComplaintState
        {
            CaseId = opened.Id,
            Category = category,
            Orders = recentOrders.Select(o => o.Number).ToList(),
            Due = shopReplies.Time(locale, due),
            CheckoutWaits = paused,
            // A strongly negative or a repeat complaint goes to a person once the details are in.
            HandOff = stronglyNegative || earlier.Count > 0,
            StronglyNegative = stronglyNegative,
            Repeat = earlier.Count > 0,
        }, locale, replies, text);
        if (questions is not null)
        {
            return new InterruptOutcome(stack.Push(questions));
        }

        if (stronglyNegative || earlier.Count > 0)
        {
            await queue.RequestAsync(conversation, "complaint", e.Text, cancellationToken);
            replies.Add(new TextReply(text + "\n" + texts.Get(locale, "complaint.staff_now")));
            return new InterruptOutcome(DialogStack.Empty, HandToStaff: true);
        }

        replies.Add(new TextReply(text + (paused ? "\n" + texts.Get(locale, "complaint.checkout_waits") : ""))
        {
            QuickReplies = [new ReplyAction(texts.Get(locale, "engine.talk_to_staff"), DialogEngine.TalkToStaffPayload), new ReplyAction(texts.Get(locale, "orders.my_orders"), "orders:list")],
        });
        return new InterruptOutcome(stack);
    }
}
