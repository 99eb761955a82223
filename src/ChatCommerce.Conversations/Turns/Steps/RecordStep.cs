using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Understanding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns.Steps;

/// <summary>
/// What the event tells about its sender (last message time for Messenger's window, follow state,
/// the platform profile on first contact) and the inbound interaction with its understanding.
/// An unsent message leaves the record here and needs nothing more.
/// </summary>
public sealed class RecordStep(PerChannel<IProfileSource> profiles, IOptions<PipelineOptions> options, ILogger<RecordStep> logger) : ITurnStep
{
    public async ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var inbound = turn.Event;
        if (inbound.Kind == InboundEventKind.Unsend && inbound.TargetMessageId is { } target)
        {
            turn.Effects.ForgetMessageId = target;
            turn.Stop(InboxStatus.Recorded, "unsent message removed");
            return;
        }

        if (inbound.SenderId is { } sender)
        {
            if (inbound.IsConversational && !inbound.IsStandby)
            {
                await FetchProfileOnceAsync(turn, sender, cancellationToken);
            }

            var stored = turn.StoredContact;
            DateTimeOffset? wrote = !inbound.IsStandby && inbound.Kind is InboundEventKind.Message or InboundEventKind.Postback
                ? Max(stored?.LastUserMessageAt, inbound.Timestamp)
                : null;
            bool? following = inbound.Kind switch
            {
                InboundEventKind.Follow => true,
                InboundEventKind.Unfollow => false,
                _ => null,
            };
            var profile = turn.FetchedProfile;
            // A first contact (or one from before customers existed) becomes a customer in this turn's commit.
            var customer = stored?.CustomerId ?? turn.NewCustomerId;
            turn.Effects.Contact = new ContactTouch(inbound.Channel, sender, wrote, following, profile, customer, stored?.CustomerId is null);
            var before = stored ?? new ContactInfo(inbound.Channel, sender, null, null, null, false, false);
            turn.Contact = before with
            {
                LastUserMessageAt = wrote ?? before.LastUserMessageAt,
                IsFollowing = following ?? before.IsFollowing,
                DisplayName = profile?.DisplayName ?? before.DisplayName,
                Language = profile is null ? before.Language : profile.Language,
                HasProfile = before.HasProfile || profile is not null,
                ProfileAsked = before.ProfileAsked || turn.ProfileAsked,
                CustomerId = customer,
            };
        }

        if (inbound.Kind is InboundEventKind.Message or InboundEventKind.Postback or InboundEventKind.Follow or InboundEventKind.Unfollow)
        {
            var understood = !ReferenceEquals(turn.Understanding, MessageUnderstanding.None);
            var meaning = turn.Understanding;
            turn.Effects.Interactions.Add(new Interaction(
                inbound.Conversation, InteractionDirection.Inbound, KindOf(inbound), inbound.Text ?? inbound.Payload, inbound.MessageId, inbound.Timestamp,
                understood && meaning.Entities.Count > 0 ? string.Join("; ", meaning.Entities.Select(e => $"{e.Type}={e.Value}")) : null)
            {
                CustomerId = turn.Contact?.CustomerId,
                UserId = inbound.SenderId,
                Intent = understood ? meaning.Intent : null,
                IntentConfidence = understood ? meaning.IntentConfidence : null,
                Sentiment = understood ? meaning.Sentiment : null,
                SentimentScore = understood ? meaning.SentimentScore : null,
                Outcome = inbound.Kind is InboundEventKind.Follow or InboundEventKind.Unfollow ? TouchpointOutcomes.NoReply : null,
            });
        }
    }

    /// <summary>Best effort: a slow or failing profile API never fails or holds up the turn for long.</summary>
    private async Task FetchProfileOnceAsync(TurnContext turn, string sender, CancellationToken cancellationToken)
    {
        if (turn.ProfileAsked || turn.StoredContact is { HasProfile: true } or { ProfileAsked: true } || profiles.For(turn.Event.Channel) is not { } source)
        {
            return;
        }

        turn.ProfileAsked = true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ProfileTimeout);
        try
        {
            turn.FetchedProfile = await source.GetAsync(sender, timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Profile of {User} not available: {Error}", sender, ex.Message);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;

    private static string KindOf(InboundEvent inbound) =>
        inbound.Kind == InboundEventKind.Message ? "message:" + inbound.ContentType.ToString().ToLowerInvariant() : inbound.Kind.ToString().ToLowerInvariant();
}
