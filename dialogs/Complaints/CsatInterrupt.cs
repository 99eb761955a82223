using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Dialogs.Complaints;

/// <summary>
/// The answer to the satisfaction question after a case was resolved (its quick replies carry
/// <c>csat:{case}:{score}</c>): kept on the case; 1–2 reopens it and hands the conversation to
/// staff; otherwise thanks, and the next message is kept as the customer's comment.
/// </summary>
public sealed class CsatInterrupt(CaseDesk desk, CsatCommentFlow comments, ReplyTexts texts) : IInterrupt
{
    public async ValueTask<InterruptOutcome?> TryHandleAsync(TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken)
    {
        if (input.Event.Payload is not { } payload || !payload.StartsWith(CaseDesk.CsatPayloadPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var locale = input.State.Locale;
        var recorded = await desk.RecordScoreAsync(input.Event.Conversation, payload, cancellationToken);
        if (recorded is null or { Repeated: true })
        {
            replies.Add(new TextReply(texts.Get(locale, "csat.already")));
            return new InterruptOutcome(stack);
        }

        if (recorded.Value.Reopened)
        {
            replies.Add(new TextReply(texts.Get(locale, "csat.sorry")));
            return new InterruptOutcome(DialogStack.Empty, HandToStaff: true);
        }

        var caseId = payload.Split(':')[1];
        // The case is resolved: questions of a complaint flow still open are moot.
        stack = stack with { Frames = stack.Frames.Where(f => f.Flow != ComplaintFlow.FlowId).ToList() };
        replies.Add(new TextReply(texts.Get(locale, "csat.thanks"))
        {
            QuickReplies = [new ReplyAction(texts.Get(locale, "csat.skip"), CsatCommentFlow.SkipPayload)],
        });
        return new InterruptOutcome(stack.Push(comments.Begin(caseId) with { Interjection = true }));
    }
}

public sealed class CsatCommentState
{
    public long CaseId { get; set; }
}

/// <summary>Waits for one message after a satisfaction score: the customer's comment (or "nothing more").</summary>
public sealed class CsatCommentFlow(CaseDesk desk, ReplyTexts texts) : Flow<CsatCommentState>
{
    public const string FlowId = "csat-comment";
    public const string SkipPayload = "csat-comment:skip";

    public override string Id => FlowId;

    protected override JsonTypeInfo<CsatCommentState> StateJson => DialogJson.Default.CsatCommentState;

    protected override string FirstStep => "comment";

    protected override CsatCommentState Start(string? arguments) =>
        new() { CaseId = long.TryParse(arguments, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0 };

    protected override IReadOnlyDictionary<string, Func<StepContext<CsatCommentState>, ValueTask<StepResult<CsatCommentState>>>> DefineSteps() =>
        new Dictionary<string, Func<StepContext<CsatCommentState>, ValueTask<StepResult<CsatCommentState>>>>
        {
            ["comment"] = CommentAsync,
        };

    private async ValueTask<StepResult<CsatCommentState>> CommentAsync(StepContext<CsatCommentState> context)
    {
        if (context.Payload is null && context.Text.Trim() is { Length: > 0 } comment)
        {
            await desk.CommentAsync(context.Input.Event.Conversation, context.State.CaseId, comment, context.CancellationToken);
            context.Say(new TextReply(texts.Get(context.Locale, "csat.comment_thanks")));
        }

        return End();
    }
}
