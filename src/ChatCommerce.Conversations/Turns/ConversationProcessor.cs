using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Ports;
using ChatCommerce.Domain.Replies;
using ChatCommerce.Domain.Shop;
using ChatCommerce.Domain.Understanding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Handles the pending events of one conversation, one turn at a time, in timestamp order,
/// under the conversation lock.
/// </summary>
public sealed class ConversationProcessor(
    IInbox inbox,
    IDistributedLockProvider locks,
    ConversationStateRepository states,
    IContactDirectory contacts,
    IInteractionLog interactions,
    IEnumerable<IProfileSource> profiles,
    IEnumerable<IChannelGateway> gateways,
    ITurnHandler handler,
    IMessageUnderstander understander,
    IOptions<PipelineOptions> pipeline,
    IOptions<ShopOptions> shop,
    TimeProvider time,
    ILogger<ConversationProcessor> logger)
{
    private const int SaveAttempts = 5;

    /// <summary>Drains the conversation; false when its lock could not be had (try again later).</summary>
    public async Task<bool> DrainAsync(ConversationKey conversation, CancellationToken cancellationToken)
    {
        var options = pipeline.Value;
        await using var handle = await locks.TryAcquireAsync("lock:" + conversation, options.LockTimeToLive, options.LockWait, cancellationToken);
        if (handle is null)
        {
            logger.LogDebug("{Conversation} is busy elsewhere; drain postponed", conversation);
            return false;
        }

        foreach (var item in await inbox.PendingAsync(conversation, cancellationToken))
        {
            try
            {
                var (status, note) = await HandleAsync(item, cancellationToken);
                await inbox.CompleteAsync(item.Id, status, note, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Event {EventId} of {Conversation} failed (attempt {Attempt})", item.Event.EventId, conversation, item.Attempts + 1);
                await inbox.FailAsync(item.Id, ex.Message, options.MaxAttempts, cancellationToken);

                // Later events wait for this one: order within a conversation is kept.
                return true;
            }

            if (!await handle.ExtendAsync(options.LockTimeToLive))
            {
                logger.LogWarning("Lost the lock on {Conversation} mid-drain", conversation);
                return false;
            }
        }

        return true;
    }

    private async Task<(InboxStatus, string?)> HandleAsync(InboxItem item, CancellationToken cancellationToken)
    {
        var inbound = item.Event;
        if (inbound.Kind == InboundEventKind.Unsend && inbound.TargetMessageId is { } target)
        {
            await interactions.ForgetMessageAsync(inbound.Conversation, target, cancellationToken);
            return (InboxStatus.Recorded, "unsent message removed");
        }

        var contact = inbound.SenderId is null ? null : await contacts.TouchAsync(inbound, cancellationToken);
        var understanding = inbound.Kind == InboundEventKind.Message && !string.IsNullOrWhiteSpace(inbound.Text) && inbound.Payload is null
            ? await understander.UnderstandAsync(inbound.Text, InitialLocale(contact), cancellationToken)
            : MessageUnderstanding.None;
        if (inbound.Kind is InboundEventKind.Message or InboundEventKind.Postback or InboundEventKind.Follow or InboundEventKind.Unfollow)
        {
            var detail = ReferenceEquals(understanding, MessageUnderstanding.None) ? null : understanding.Summary();
            await interactions.RecordAsync(new Interaction(
                inbound.Conversation, InteractionDirection.Inbound, InteractionKind(inbound), inbound.Text ?? inbound.Payload, inbound.MessageId, inbound.Timestamp, detail), cancellationToken);
        }

        if (inbound.IsStandby)
        {
            return (InboxStatus.Recorded, "standby: another app or mode owns the chat");
        }

        if (!inbound.IsConversational)
        {
            return (InboxStatus.Recorded, $"{inbound.RawType}: nothing to answer");
        }

        contact = await EnsureProfileAsync(inbound, contact, cancellationToken);
        var gateway = gateways.FirstOrDefault(g => g.Channel == inbound.Conversation.Channel)
            ?? throw new InvalidOperationException($"No gateway for {inbound.Conversation.Channel}.");
        var outbound = new OutboundContext(
            inbound.Conversation, inbound.Channel + ":" + inbound.EventId, inbound.ReplyToken, item.ReceivedAt, inbound.Timestamp, contact?.LastUserMessageAt,
            InResponse: inbound.Kind is InboundEventKind.Message or InboundEventKind.Postback);

        var turn = await RunTurnAsync(inbound, contact, understanding, gateway, outbound, cancellationToken);
        if (turn is null)
        {
            return (InboxStatus.Recorded, "staff own the conversation: bot silent");
        }

        if (turn.Replies.Count == 0)
        {
            return (InboxStatus.Done, "no reply");
        }

        var outcome = await gateway.SendAsync(outbound, turn.Replies, cancellationToken);
        foreach (var reply in turn.Replies)
        {
            await interactions.RecordAsync(new Interaction(
                inbound.Conversation, InteractionDirection.Outbound, reply.GetType().Name, Describe(reply), null, time.GetUtcNow(), outcome.Status.ToString()), cancellationToken);
        }

        return (InboxStatus.Done, outcome.Delivered ? outcome.Status.ToString() : $"{outcome.Status}: {outcome.Detail}");
    }

    /// <summary>Runs the handler and saves its state; re-runs it when another writer saved first.</summary>
    private async Task<TurnOutcome?> RunTurnAsync(InboundEvent inbound, ContactInfo? contact, MessageUnderstanding understanding, IChannelGateway gateway, OutboundContext outbound, CancellationToken cancellationToken)
    {
        var typingShown = false;
        for (var attempt = 1; ; attempt++)
        {
            var (state, version) = await states.LoadAsync(inbound.Conversation, InitialLocale(contact), cancellationToken);
            if (state.Owner == ConversationOwner.Staff)
            {
                return null;
            }

            if (!typingShown)
            {
                typingShown = true;
                await gateway.ShowTypingAsync(outbound, cancellationToken);
            }

            var turn = await handler.HandleAsync(new TurnInput(inbound, state, contact, understanding), cancellationToken);
            var next = turn.State with
            {
                Turns = state.Turns + 1,
                LastEventTimestamp = Math.Max(state.LastEventTimestamp, inbound.Timestamp.ToUnixTimeMilliseconds()),
            };
            if (await states.TrySaveAsync(inbound.Conversation, next, version, cancellationToken))
            {
                return turn with { State = next };
            }

            if (attempt >= SaveAttempts)
            {
                throw new InvalidOperationException($"State of {inbound.Conversation} kept changing; turn abandoned after {attempt} attempts.");
            }

            logger.LogInformation("State of {Conversation} changed during the turn; running it again", inbound.Conversation);
        }
    }

    private async Task<ContactInfo?> EnsureProfileAsync(InboundEvent inbound, ContactInfo? contact, CancellationToken cancellationToken)
    {
        if (contact is null || contact.HasProfile || inbound.SenderId is null)
        {
            return contact;
        }

        var source = profiles.FirstOrDefault(p => p.Channel == inbound.Channel);
        if (source is null)
        {
            return contact;
        }

        try
        {
            var profile = await source.GetAsync(inbound.SenderId, cancellationToken);
            if (profile is null)
            {
                return contact;
            }

            await contacts.SetProfileAsync(inbound.Channel, inbound.SenderId, profile.DisplayName, profile.Language, cancellationToken);
            return contact with { DisplayName = profile.DisplayName, Language = profile.Language, HasProfile = true };
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Profile of {User} not available", inbound.SenderId);
            return contact;
        }
    }

    private string InitialLocale(ContactInfo? contact) =>
        contact?.Language is { } language && language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en"
        : contact?.Language is { } thai && thai.StartsWith("th", StringComparison.OrdinalIgnoreCase) ? "th"
        : shop.Value.DefaultLocale;

    private static string InteractionKind(InboundEvent inbound) =>
        inbound.Kind == InboundEventKind.Message ? "message:" + inbound.ContentType.ToString().ToLowerInvariant() : inbound.Kind.ToString().ToLowerInvariant();

    private static string Describe(OutboundMessage reply) => reply switch
    {
        TextReply text => text.Text,
        ProductCarouselReply carousel => carousel.AltText,
        ConfirmReply confirm => confirm.Text,
        ImageReply image => image.AltText,
        _ => reply.GetType().Name,
    };
}
