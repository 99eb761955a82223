using System.ComponentModel;
using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Domain.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatCommerce.Web.Admin;

/// <summary>
/// Conversations for staff through the owner API: who owns each (the bot, the queue, a named
/// person), take one over (the bot goes silent), reply as a person, and hand back.
/// </summary>
public static class ConversationAdmin
{
    public const int MaxReply = 2000;

    public static void MapConversationApi(RouteGroupBuilder api)
    {
        var conversations = api.MapGroup("/conversations").WithTags("Conversations");
        conversations.MapGet("/", ListAsync).WithSummary("Conversations, newest customer message first, each with its owner: bot, queue (handed to staff, not taken yet) or staff.");
        conversations.MapPost("/{channel}/{chatId}/takeover", TakeOverAsync).WithSummary("A staff member takes the conversation: the bot sends nothing until it is handed back.");
        conversations.MapPost("/{channel}/{chatId}/reply", ReplyAsync).WithSummary("Send the customer what staff wrote (the conversation must be taken over).");
        conversations.MapPost("/{channel}/{chatId}/handback", HandBackAsync).WithSummary("Hand the conversation back to the bot; messages the bot held meanwhile go out now.");
    }

    private static async Task<Results<Ok<List<ConversationView>>, ValidationProblem>> ListAsync(IConversationList list, string? owner, int? skip, int? take, CancellationToken cancellationToken)
    {
        if (owner is not (null or "bot" or "queue" or "staff") || skip is < 0 || take is < 1 or > AdminEndpoints.MaxPage)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["owner"] = [$"owner is bot, queue or staff; skip ≥ 0; take from 1 to {AdminEndpoints.MaxPage}."] });
        }

        var page = await list.ListAsync(owner, skip ?? 0, take ?? 50, cancellationToken);
        return TypedResults.Ok(page.Select(c => new ConversationView(c.Conversation.ChannelName, c.Conversation.ChatId, c.DisplayName, c.LastUserMessageAt, c.Owner, c.StaffId)).ToList());
    }

    private static async Task<Results<Ok<ConversationView>, ValidationProblem, ProblemHttpResult>> TakeOverAsync(StaffDesk desk, Domain.Staff.IAuditLog audit, string channel, string chatId, TakeOverInput? input, CancellationToken cancellationToken)
    {
        if (Parse(channel, chatId) is not { } conversation)
        {
            return NotFound(channel, chatId);
        }

        var staff = input?.Staff?.Trim() is { Length: > 0 } named ? named : "staff";
        if (staff.Length > 64)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["staff"] = ["Who takes it: up to 64 characters."] });
        }

        var state = await desk.TakeOverAsync(conversation, staff, cancellationToken);
        await audit.AppendAsync("api", Domain.Staff.AuditActions.TakeOver, conversation.ToString(), staff, cancellationToken);
        return TypedResults.Ok(new ConversationView(conversation.ChannelName, conversation.ChatId, null, null, StaffDesk.OwnerName(state), state.StaffId));
    }

    private static async Task<Results<Ok<ReplyResult>, ValidationProblem, ProblemHttpResult>> ReplyAsync(StaffDesk desk, Dialogs.Complaints.CaseDesk cases, string channel, string chatId, ReplyInput input, CancellationToken cancellationToken)
    {
        if (Parse(channel, chatId) is not { } conversation)
        {
            return NotFound(channel, chatId);
        }

        if (input.Text?.Trim() is not { Length: >= 1 and <= MaxReply } text)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"What to send: 1–{MaxReply} characters (Messenger's limit)."] });
        }

        if (await desk.ReplyAsync(conversation, input.Staff?.Trim(), text, cancellationToken) is not { } outcome)
        {
            return TypedResults.Problem(title: "Staff do not own this conversation", detail: "Take it over first (POST …/takeover): the bot is answering it.", statusCode: StatusCodes.Status409Conflict);
        }

        // A person answered: the conversation's open cases have their first response.
        await cases.AnsweredAsync(conversation, cancellationToken);
        return TypedResults.Ok(new ReplyResult(outcome));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> HandBackAsync(HandoffService handoffs, Domain.Staff.IAuditLog audit, string channel, string chatId, CancellationToken cancellationToken)
    {
        if (Parse(channel, chatId) is not { } conversation || !await handoffs.ReleaseAsync(conversation, cancellationToken))
        {
            return NotFound(channel, chatId);
        }

        await audit.AppendAsync("api", Domain.Staff.AuditActions.HandBack, conversation.ToString(), null, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ConversationKey? Parse(string channel, string chatId) =>
        ChannelNames.TryParse(channel, out var parsed) && chatId.Length is > 0 and <= 100 && chatId.All(char.IsAsciiLetterOrDigit) ? new ConversationKey(parsed, chatId) : null;

    private static ProblemHttpResult NotFound(string channel, string chatId) =>
        TypedResults.Problem(title: "No such conversation with staff", detail: $"{channel}/{chatId}", statusCode: StatusCodes.Status404NotFound);
}

public sealed record ConversationView(string Channel, string ChatId, string? DisplayName, DateTimeOffset? LastUserMessageAt, [property: Description("bot, queue or staff.")] string Owner, string? StaffId);

public sealed record TakeOverInput([property: Description("Who takes it (name or id); default \"staff\".")] string? Staff);

public sealed record ReplyInput(string? Text, [property: Description("Who writes; default the one who took it over.")] string? Staff);

public sealed record ReplyResult([property: Description("Pushed, Replied, Queued (a retry will follow), NotAllowed (outside Messenger's windows) …")] string CustomerNotified);
