using System.Globalization;
using ChatCommerce.Conversations.Handoffs;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Jobs;

/// <summary>Configuration section <c>ChatCommerce:Staff</c>.</summary>
public sealed class StaffOptions
{
    public const string Section = "ChatCommerce:Staff";

    /// <summary>
    /// A conversation with staff where nobody wrote for this many minutes goes back to the bot (its
    /// state says why); 0 keeps it with staff until they hand it back.
    /// </summary>
    public int IdleHandBackMinutes { get; set; } = 120;
}

/// <summary>
/// Hangfire job, every minute: hands conversations that have been quiet with staff for the idle
/// time back to the bot, through the same hand-back staff use (held messages then go out), and
/// sends what is still held for conversations already back with the bot.
/// </summary>
public sealed class StaffIdleJob(IHandoffQueue queue, HandoffService handoffs, IOptions<StaffOptions> options, TimeProvider time, ILogger<StaffIdleJob> logger)
{
    public const string Id = "staff-idle";

    [AutomaticRetry(Attempts = 1)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // Held messages of conversations already back with the bot go out (an interrupted hand-back).
        var stranded = await handoffs.ReleaseStrandedAsync(cancellationToken);
        if (stranded > 0)
        {
            logger.LogWarning("Sent the held messages of {Count} conversations already back with the bot", stranded);
        }

        var minutes = options.Value.IdleHandBackMinutes;
        if (minutes <= 0)
        {
            return 0;
        }

        var handed = 0;
        foreach (var conversation in await queue.IdleAsync(time.GetUtcNow() - TimeSpan.FromMinutes(minutes), 200, cancellationToken))
        {
            if (await handoffs.ReleaseAsync(conversation, cancellationToken, "idle " + minutes.ToString(CultureInfo.InvariantCulture) + " min"))
            {
                handed++;
            }
        }

        if (handed > 0)
        {
            logger.LogInformation("{Count} conversations quiet with staff for {Minutes} min handed back to the bot", handed, minutes);
        }

        return handed;
    }
}
