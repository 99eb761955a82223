using ChatCommerce.Conversations.Inbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Finds conversations whose events have waited too long (an instance crashed, a drain failed)
/// and schedules them again. Run at start-up and then every minute by a background job.
/// </summary>
public sealed class InboxSweeper(IInbox inbox, IConversationDispatcher dispatcher, IOptions<PipelineOptions> options, TimeProvider time, ILogger<InboxSweeper> logger)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var stalled = await inbox.StalledAsync(time.GetUtcNow() - options.Value.StallAfter, 500, cancellationToken);
        foreach (var conversation in stalled)
        {
            dispatcher.Schedule(conversation, TimeSpan.Zero);
        }

        if (stalled.Count > 0)
        {
            logger.LogInformation("Re-scheduled {Count} conversations with stalled events", stalled.Count);
        }

        return stalled.Count;
    }
}
