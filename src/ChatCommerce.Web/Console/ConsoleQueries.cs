using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Staff;

namespace ChatCommerce.Web.Console;

/// <summary>Reads what the console's pages show.</summary>
public sealed class ConsoleQueries(
    IConversationList conversations,
    ITranscript transcript,
    ICaseStore cases,
    IOrderStore orders,
    IStaffNotes notes,
    IContactDirectory contacts,
    ICatalogReader catalog,
    ConversationStateRepository states,
    Domain.Customers.ICustomerDirectory customers)
{
    private const int QueueSize = 100;

    public async Task<InboxModel> InboxAsync(ConsoleView view, string queue, CancellationToken cancellationToken)
    {
        IReadOnlyList<ConversationSummary> listed;
        if (queue == ConsoleQueues.Resolved)
        {
            var since = view.Now.AddDays(-14).ToUnixTimeMilliseconds();
            var keys = (await cases.ResolvedSinceAsync(since, 500, cancellationToken)).Select(c => c.Conversation).Distinct().Take(QueueSize).ToHashSet();
            var all = await conversations.ListAsync(null, 0, 1000, cancellationToken);
            listed = all.Where(c => keys.Contains(c.Conversation.ToString())).ToList();
        }
        else
        {
            var owner = queue switch
            {
                ConsoleQueues.Waiting => "queue",
                ConsoleQueues.Bot => "bot",
                _ => "staff",
            };
            listed = await conversations.ListAsync(owner, 0, queue == ConsoleQueues.Bot ? 50 : 500, cancellationToken);
            if (queue == ConsoleQueues.Mine)
            {
                listed = listed.Where(c => c.StaffId == view.User.StaffId).ToList();
            }
            else if (queue == ConsoleQueues.Staff)
            {
                listed = listed.Where(c => c.StaffId != view.User.StaffId).ToList();
            }
        }

        var names = listed.Select(c => c.Conversation.ToString()).ToList();
        var last = await transcript.LastInboundAsync(names, cancellationToken);
        var open = (await cases.OpenOfConversationsAsync(names, cancellationToken)).GroupBy(c => c.Conversation).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Severity).ThenBy(c => c.DueAtMs).First());
        var rows = listed.Select(c =>
        {
            var key = c.Conversation.ToString();
            var line = last.GetValueOrDefault(key);
            var worst = open.GetValueOrDefault(key);
            return new InboxRow(c.Conversation, c.DisplayName, c.Owner, c.StaffId, line?.Text ?? line?.Kind, c.LastUserMessageAt, worst?.Severity, worst is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(worst.DueAtMs));
        });
        // Most urgent first (a severe case), then who has waited longest; the bot's queue newest first.
        var sorted = queue is ConsoleQueues.Bot or ConsoleQueues.Resolved
            ? rows.OrderByDescending(r => r.LastAt)
            : rows.OrderByDescending(r => r.Severity.HasValue ? (int)r.Severity.Value + 1 : 0).ThenBy(r => r.LastAt ?? DateTimeOffset.MaxValue);
        return new InboxModel(view, queue, sorted.Take(QueueSize).ToList());
    }

    public async Task<ConversationModel> ConversationAsync(ConsoleView view, ConversationKey key, string? flash, CancellationToken cancellationToken)
    {
        var (state, _) = await states.LoadAsync(key, "th", cancellationToken);
        var contact = await contacts.FindAsync(key.Channel, key.ChatId, cancellationToken);
        var lines = await transcript.RecentAsync(key, 200, cancellationToken);
        var customerOrders = await orders.ForCustomerAsync(key.ChannelName, key.ChatId, 10, cancellationToken);
        var open = await cases.OpenOfConversationAsync(key.ToString(), cancellationToken);
        var kept = await notes.ForConversationAsync(key.ToString(), cancellationToken);
        var products = await catalog.ProductsAsync(null, 200, cancellationToken);
        var customer = contact?.CustomerId is { } id ? await customers.GetAsync(id, cancellationToken) : null;
        return new ConversationModel(view, key, contact?.DisplayName, StaffDesk.OwnerName(state), state.StaffId, lines, customerOrders, open, kept, products, flash, customer);
    }

    public async Task<CasesModel> CasesAsync(ConsoleView view, string? status, string? severity, CancellationToken cancellationToken)
    {
        CaseStatus? wanted = Enum.TryParse<CaseStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _) ? parsed : null;
        var list = await cases.ListAsync(wanted, 0, 200, cancellationToken);
        if (wanted is null && status != "all")
        {
            // By default: what still needs someone (open and reopened).
            list = list.Where(c => c.Status != CaseStatus.Resolved).ToList();
        }

        CaseSeverity? level = Enum.TryParse<CaseSeverity>(severity, ignoreCase: true, out var parsedLevel) && !int.TryParse(severity, out _) ? parsedLevel : null;
        if (level is not null)
        {
            list = list.Where(c => c.Severity == level).ToList();
        }

        return new CasesModel(view, wanted?.ToString().ToLowerInvariant() ?? (status == "all" ? "all" : null), list) { Severity = level?.ToString().ToLowerInvariant() };
    }

    public async Task<CaseModel?> CaseAsync(ConsoleView view, long id, string? flash, CancellationToken cancellationToken) =>
        await cases.FindAsync(id, cancellationToken) is { } found ? new CaseModel(view, found, await cases.EventsAsync(id, cancellationToken), flash) : null;
}
