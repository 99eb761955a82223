using ChatCommerce.Conversations.Turns;

namespace ChatCommerce.Web.Health;

/// <summary>
/// Keeps the host's threads under the batch scheduling policy (see <see cref="BatchScheduling"/>):
/// the host applies it as it is built, and this looks again every few seconds for a thread made
/// by one that was not yet under it. Off with <see cref="Setting"/> = false (the tests, which run
/// hosts inside the test process).
/// </summary>
public sealed class BatchSchedulingService(ILogger<BatchSchedulingService> logger) : BackgroundService
{
    /// <summary>Configuration key: false leaves the threads under the default policy.</summary>
    public const string Setting = "ChatCommerce:Runtime:BatchScheduling";

    public static bool IsOn(IConfiguration configuration) => OperatingSystem.IsLinux() && configuration.GetValue(Setting, true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (BatchScheduling.ApplyToProcess() is > 0 and var count)
                {
                    logger.LogDebug("{Count} more threads put under the batch scheduling policy", count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
