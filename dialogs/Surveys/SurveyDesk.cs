using System.Globalization;
using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Ports;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Dialogs.Surveys;

/// <summary>
/// Surveys in chat: CSAT a day after an order was delivered, NPS after the second order; sent by
/// a job through the outbox, only where the platform allows a message the shop starts (Messenger:
/// inside 24 hours of the customer's last message), never while staff own the chat, at most one
/// per customer in 30 days. The answers come back as quick-reply payloads <c>survey:{id}:{score}</c>.
/// </summary>
public sealed class SurveyDesk(
    ISurveyStore surveys,
    IUnitOfWork unitOfWork,
    OutboxSender sender,
    ConversationStateRepository states,
    Orders.OrderNotifier notifier,
    ReplyTexts texts,
    IOptions<SurveyOptions> options,
    TimeProvider clock)
{
    public const string PayloadPrefix = "survey:";

    public async Task<int> AskDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var due = await surveys.DueAsync(
            (now - TimeSpan.FromHours(settings.CsatAfterDeliveryHours)).ToUnixTimeMilliseconds(),
            (now - TimeSpan.FromDays(settings.CsatWithinDays)).ToUnixTimeMilliseconds(),
            (now - TimeSpan.FromDays(settings.MinDaysBetween)).ToUnixTimeMilliseconds(),
            100,
            cancellationToken);
        var asked = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var survey in due)
        {
            if (!seen.Add(survey.CustomerId) || !ChannelNames.TryParse(survey.Channel, out var channel))
            {
                continue;
            }

            var conversation = new ConversationKey(channel, survey.UserId);
            var (state, _) = await states.LoadAsync(conversation, survey.Locale, cancellationToken);
            if (state.Owner != ConversationOwner.Bot || !await notifier.CanReachAsync(conversation, cancellationToken))
            {
                continue;
            }

            OutboxMessage? stored;
            await using (var transaction = await unitOfWork.BeginAsync(cancellationToken))
            {
                var id = await surveys.AskedAsync(survey, conversation.ToString(), now.ToUnixTimeMilliseconds(), cancellationToken);
                stored = await notifier.QueueToAsync(conversation, state.Locale, [Question(survey, id, state.Locale)], $"survey:{id}", "SurveyAsked", "survey:" + id.ToString(CultureInfo.InvariantCulture), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            if (stored is not null)
            {
                await sender.DeliverAsync([stored], cancellationToken);
            }

            asked++;
        }

        return asked;
    }

    private TextReply Question(SurveyDue survey, long id, string locale)
    {
        var prefix = PayloadPrefix + id.ToString(CultureInfo.InvariantCulture) + ":";
        return survey.Kind == SurveyKinds.Nps
            ? new TextReply(texts.Get(locale, "survey.nps"))
            {
                QuickReplies = Enumerable.Range(0, 11).Select(n => new ReplyAction(n.ToString(CultureInfo.InvariantCulture), prefix + n.ToString(CultureInfo.InvariantCulture))).ToList(),
            }
            : new TextReply(texts.Get(locale, "survey.csat", ("order", survey.OrderNumber ?? "")))
            {
                QuickReplies = Enumerable.Range(1, 5).Select(n => new ReplyAction(Complaints.CaseDesk.Stars(n), prefix + n.ToString(CultureInfo.InvariantCulture))).ToList(),
            };
    }

    /// <summary>
    /// Records an answer from its payload; the reply to give. Someone else's survey, a second
    /// answer, or one too late is thanked and not counted.
    /// </summary>
    public async Task<TextReply> AnswerAsync(string payload, string? customerId, string locale, CancellationToken cancellationToken) =>
        await ScoreAsync(payload, customerId, locale, cancellationToken) switch
        {
            "survey.sorry" => new TextReply(texts.Get(locale, "survey.sorry"))
            {
                QuickReplies = [new ReplyAction(texts.Get(locale, "engine.talk_to_staff"), DialogEngine.TalkToStaffPayload)],
            },
            var key => new TextReply(texts.Get(locale, key)),
        };

    /// <summary>The text key of the answer to give.</summary>
    private async Task<string> ScoreAsync(string payload, string? customerId, string locale, CancellationToken cancellationToken)
    {
        var parts = payload.Split(':');
        if (parts.Length != 3 || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var id) || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var score)
            || await surveys.FindAsync(id, cancellationToken) is not { } survey || survey.CustomerId != customerId
            || score < (survey.Kind == SurveyKinds.Nps ? 0 : 1) || score > (survey.Kind == SurveyKinds.Nps ? 10 : 5))
        {
            return "survey.unknown";
        }

        var now = clock.GetUtcNow();
        if (now.ToUnixTimeMilliseconds() - survey.AskedAtMs > TimeSpan.FromDays(options.Value.AnswerWithinDays).TotalMilliseconds)
        {
            return "survey.closed";
        }

        if (!await surveys.AnswerAsync(id, score, now.ToUnixTimeMilliseconds(), cancellationToken))
        {
            return "survey.already";
        }

        var low = survey.Kind == SurveyKinds.Nps ? score <= 6 : score <= 2;
        return low ? "survey.sorry" : "survey.thanks";
    }
}

/// <summary>A survey's answer, whatever the conversation was doing: it goes on where it was.</summary>
public sealed class SurveyInterrupt(SurveyDesk desk) : IInterrupt
{
    public async ValueTask<InterruptOutcome?> TryHandleAsync(TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken)
    {
        if (input.Event.Payload is not { } payload || !payload.StartsWith(SurveyDesk.PayloadPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        replies.Add(await desk.AnswerAsync(payload, input.Contact?.CustomerId, input.State.Locale, cancellationToken));
        return new InterruptOutcome(stack);
    }
}
