using ChatCommerce.Conversations.Inbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Finds conversations whose events have waited too long (an instance crashed, a drain failed)
/// and schedules them again. Run at start-up (for every pending event) and then every minute.
/// </summary>
public sealed class InboxSweeper(IInbox inbox, IConversationDispatcher dispatcher, IOptions<PipelineOptions> options, TimeProvider time, ILogger<InboxSweeper> logger)
{
    /// <param name="all">At start-up: every pending event, however recent (the instance that took it may be this one, restarted).</param>
    public async Task<int> SweepAsync(bool all, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stalled = await inbox.StalledAsync(all ? now : now - options.Value.StallAfter, now, 1000, cancellationToken);
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
