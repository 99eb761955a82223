using System.Net;
using ChatCommerce.Channels.Common;
using ChatCommerce.Channels.Line;
using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Dialogs.Orders;
using ChatCommerce.Domain.Broadcasts;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Ports;
using ChatCommerce.Domain.Promotions;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Web.Broadcasts;

/// <summary>
/// Sends a broadcast to the recipients chosen when it was created. LINE: one multicast per batch
/// of up to 500, each under its own retry key (stored with the batch), paced under LINE's 200
/// calls a second; a batch sent again after a crash is answered 409 and nobody gets it twice.
/// Messenger: one outbox notice per customer whose 24-hour window is open, marked in the same
/// transaction as the notice is stored. Customers who withdrew consent meanwhile, or whose chat
/// staff own, are skipped with the reason. Safe to run again at any point: it goes on where it stopped.
/// </summary>
public sealed class BroadcastSender(
    IBroadcastStore store,
    IPromotionStore promotions,
    LineApiClient line,
    OrderNotifier notifier,
    ConversationStateRepository states,
    IUnitOfWork unitOfWork,
    OutboxSender outbox,
    TimeProvider clock,
    ILogger<BroadcastSender> logger)
{
    /// <summary>LINE remembers a retry key for 24 hours; a batch first tried longer ago than this is not sent again.</summary>
    public static readonly TimeSpan RetryKeyLifetime = TimeSpan.FromHours(23);

    /// <summary>LINE allows 200 multicast calls a second per channel.</summary>
    private static readonly TimeSpan MulticastSpacing = TimeSpan.FromMilliseconds(5);

    private const int MessengerPage = 50;

    /// <summary>Sends what is still pending; true when the broadcast is done.</summary>
    public async Task<bool> SendAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { Status: BroadcastStatuses.Sending } broadcast)
        {
            return false;
        }

        IReadOnlyList<OutboundMessage> messages = [new TextReply(await TextAsync(broadcast, cancellationToken))];
        await SendLineAsync(id, messages, cancellationToken);
        await SendMessengerAsync(id, messages, cancellationToken);
        var done = await store.FinishIfDoneAsync(id, clock.GetUtcNow(), cancellationToken);
        if (done)
        {
            logger.LogInformation("Broadcast {Broadcast} is done", id);
        }

        return done;
    }

    /// <summary>The owner's text, with the promotion's name (and a voucher's code) under it.</summary>
    public async Task<string> TextAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        if (broadcast.PromotionId is null || await promotions.GetAsync(broadcast.PromotionId, cancellationToken) is not { } stored)
        {
            return broadcast.Text;
        }

        var promotion = stored.Promotion;
        var code = promotion.Code is { Length: > 0 } c ? $"\nโค้ด / Code: {c}" : "";
        return $"{broadcast.Text}\n\n🎁 {promotion.Name}{code}";
    }

    private async Task SendLineAsync(string id, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var rendered = LineMessageRenderer.Render(messages);
        while (await store.NextBatchAsync(id, cancellationToken) is var (batch, recipients))
        {
            var now = clock.GetUtcNow();
            if (batch.FirstTriedAtMs is { } tried && now - DateTimeOffset.FromUnixTimeMilliseconds(tried) > RetryKeyLifetime)
            {
                logger.LogWarning("Broadcast {Broadcast} batch {Batch} was first tried over a day ago and its outcome is unknown: not sent again", id, batch.Number);
                await store.FinishBatchAsync(batch, RecipientStates.Skipped, BroadcastSkips.Unconfirmed, now, cancellationToken);
                continue;
            }

            // Skips are stored before the call, so a resend under the same key goes to the same users.
            var to = new List<string>(recipients.Count);
            var skips = await SkipsAsync(recipients, Channel.Line, cancellationToken);
            foreach (var recipient in recipients)
            {
                if (skips.Reason(recipient) is { } reason)
                {
                    await store.MarkAsync(recipient.Id, RecipientStates.Skipped, reason, now, cancellationToken);
                }
                else
                {
                    to.Add(recipient.UserId);
                }
            }

            if (to.Count > 0)
            {
                await store.TryingAsync(batch, now, cancellationToken);
                try
                {
                    await line.MulticastAsync(to, rendered, batch.RetryKey, cancellationToken);
                }
                catch (PlatformApiException ex) when ((int)ex.Status is >= 400 and < 500 && ex.Status is not (HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout))
                {
                    // Refused for good (a resend would be refused again); a 5xx or a time-out throws on, and the batch is tried again later under its key.
                    logger.LogError("LINE refused broadcast {Broadcast} batch {Batch}: {Status} {Body}", id, batch.Number, (int)ex.Status, ex.Body);
                    await store.FinishBatchAsync(batch, RecipientStates.Skipped, BroadcastSkips.Refused, clock.GetUtcNow(), cancellationToken);
                    continue;
                }

                await Task.Delay(MulticastSpacing, clock, cancellationToken);
            }

            await store.FinishBatchAsync(batch, RecipientStates.Sent, null, clock.GetUtcNow(), cancellationToken);
        }
    }

    private async Task SendMessengerAsync(string id, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        IReadOnlyList<BroadcastRecipient> page;
        while ((page = await store.PendingMessengerAsync(id, MessengerPage, cancellationToken)).Count > 0)
        {
            var skips = await SkipsAsync(page, Channel.Messenger, cancellationToken);
            var queued = new List<OutboxMessage>();
            foreach (var recipient in page)
            {
                var conversation = new ConversationKey(Channel.Messenger, recipient.UserId);
                var reason = skips.Reason(recipient)
                    ?? (await notifier.CanReachAsync(conversation, cancellationToken) ? null : BroadcastSkips.OutsideWindow);
                await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
                if (!await store.MarkAsync(recipient.Id, reason is null ? RecipientStates.Sent : RecipientStates.Skipped, reason, clock.GetUtcNow(), cancellationToken))
                {
                    continue; // another sender took it
                }

                if (reason is null && await notifier.QueueToAsync(conversation, recipient.Locale, messages, $"broadcast:{id}:{recipient.CustomerId}", "Broadcast", id, cancellationToken) is { } stored)
                {
                    queued.Add(stored);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            if (queued.Count > 0)
            {
                await outbox.DeliverAsync(queued, cancellationToken);
            }
        }
    }

    /// <summary>Who of a batch is skipped as it is sent: consent withdrawn since creation, or staff own the chat (two reads for the whole batch).</summary>
    private async Task<Skips> SkipsAsync(IReadOnlyList<BroadcastRecipient> recipients, Channel channel, CancellationToken cancellationToken)
    {
        var consenting = await store.ConsentingAsync([.. recipients.Select(r => r.CustomerId)], cancellationToken);
        var staffOwn = await states.StaffOwnedAsync([.. recipients.Select(r => new ConversationKey(channel, r.UserId))], cancellationToken);
        return new Skips(consenting, staffOwn, channel);
    }

    private sealed record Skips(IReadOnlySet<string> Consenting, IReadOnlySet<ConversationKey> StaffOwn, Channel Channel)
    {
        public string? Reason(BroadcastRecipient recipient) =>
            !Consenting.Contains(recipient.CustomerId) ? BroadcastSkips.NoConsent
            : StaffOwn.Contains(new ConversationKey(Channel, recipient.UserId)) ? BroadcastSkips.StaffOwn
            : null;
    }
}

/// <summary>
/// Sends broadcasts in the background: a new one at once, and at start and every minute whatever
/// is left unfinished (a restart, a platform outage, an instance that stopped half-way). Several
/// instances may resume the same broadcast together: the sender is safe for that.
/// </summary>
public sealed class BroadcastDispatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<BroadcastDispatcher> logger) : BackgroundService
{
    public static readonly TimeSpan ResumeEvery = TimeSpan.FromMinutes(1);

    private readonly System.Threading.Channels.Channel<string> _due = System.Threading.Channels.Channel.CreateUnbounded<string>();

    /// <summary>Starts sending a broadcast just created.</summary>
    public void Send(string id) => _due.Writer.TryWrite(id);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var resume = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (resume)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    foreach (var id in await scope.ServiceProvider.GetRequiredService<IBroadcastStore>().UnfinishedAsync(stoppingToken))
                    {
                        await SendAsync(id, stoppingToken);
                    }
                }

                while (_due.Reader.TryRead(out var id))
                {
                    await SendAsync(id, stoppingToken);
                }

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var tick = Task.Delay(ResumeEvery, clock, wait.Token);
                await Task.WhenAny(tick, _due.Reader.WaitToReadAsync(wait.Token).AsTask());
                resume = tick.IsCompletedSuccessfully;
                await wait.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Looking for broadcasts to resume failed; trying again in a minute");
                resume = true;
                try
                {
                    await Task.Delay(ResumeEvery, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task SendAsync(string id, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<BroadcastSender>().SendAsync(id, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Nothing is lost: what was sent is marked, the rest goes on at the next resume.
            logger.LogWarning(ex, "Broadcast {Broadcast} stopped; it goes on within a minute", id);
        }
    }
}
