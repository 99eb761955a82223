using ChatCommerce.Infrastructure.Data;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Infrastructure.Jobs;

/// <summary>Configuration section <c>ChatCommerce:Retention</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "ChatCommerce:Retention";

    /// <summary>
    /// Days the raw webhook events (with their bodies) and the delivered or abandoned outgoing
    /// messages are kept; the conversation history in the customer's record stays.
    /// </summary>
    public int RawPayloadDays { get; set; } = 30;
}

/// <summary>
/// Hangfire job, daily: deletes handled inbox events and finished outbox messages older than
/// <see cref="RetentionOptions.RawPayloadDays"/>, a thousand rows per statement so no write waits
/// long behind it. Pending events and messages are never touched, whatever their age.
/// </summary>
public sealed class RetentionJob(DbWrites writes, IOptions<RetentionOptions> options, TimeProvider time)
{
    public const string Id = "retention";
    private const int Chunk = 1000;

    [AutomaticRetry(Attempts = 1)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = (time.GetUtcNow() - TimeSpan.FromDays(Math.Max(0, options.Value.RawPayloadDays))).ToUnixTimeMilliseconds();
        var deleted = 0;
        foreach (var sql in new[]
        {
            $"DELETE FROM inbox WHERE \"Id\" IN (SELECT \"Id\" FROM inbox WHERE \"Status\"<>'Pending' AND \"ReceivedAtMs\"<@cutoff LIMIT {Chunk})",
            $"DELETE FROM outbox WHERE \"Id\" IN (SELECT \"Id\" FROM outbox WHERE \"Status\"<>'Pending' AND \"CreatedAtMs\"<@cutoff LIMIT {Chunk})",
        })
        {
            int rows;
            do
            {
                rows = await writes.ExecuteAsync(sql, cancellationToken, ("@cutoff", cutoff));
                deleted += rows;
            }
            while (rows == Chunk && !cancellationToken.IsCancellationRequested);
        }

        return deleted;
    }
}
