using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Domain.Messaging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// What a webhook endpoint calls once the signature is good: store the events durably (duplicates
/// dropped), then schedule their conversations. When this returns the platform may get its 200.
/// </summary>
public sealed class InboundIntake(IInbox inbox, IConversationDispatcher dispatcher, IOptions<PipelineOptions> options, TimeProvider time)
{
    public async Task<int> AcceptAsync(IReadOnlyList<InboundEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        var added = await inbox.AddAsync(events, time.GetUtcNow(), cancellationToken);
        foreach (var conversation in added.Select(e => e.Conversation).Distinct())
        {
            dispatcher.Schedule(conversation, options.Value.ReorderWindow);
        }

        return added.Count;
    }
}
