using ChatCommerce.Conversations.Contacts;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Understanding;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// One event on its way through the pipeline: what was read, what the steps found out, and the
/// effects they gathered. What is costly and does not depend on state (understanding, the
/// platform profile) is kept when a lost version race makes the turn run again.
/// </summary>
public sealed class TurnContext(InboxItem item, ContactInfo? contact, DateTimeOffset now)
{
    public InboxItem Item => item;

    public InboundEvent Event => item.Event;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The sender as stored before this event (null for a first contact or no sender).</summary>
    public ContactInfo? StoredContact { get; } = contact;

    /// <summary>The sender as this event leaves it (set by the record step).</summary>
    public ContactInfo? Contact { get; set; } = contact;

    /// <summary>Fetched once from the platform when the sender had no profile yet.</summary>
    public PlatformProfile? FetchedProfile { get; set; }

    public bool ProfileAsked { get; set; }

    /// <summary>The id a first contact's customer gets: made once, so a re-run of the turn makes the same.</summary>
    public string NewCustomerId => _newCustomerId ??= Domain.Customers.CustomerIds.New();

    private string? _newCustomerId;

    public MessageUnderstanding Understanding { get; set; } = MessageUnderstanding.None;

    /// <summary>The language the typed message settles ("th", "en"), or null when it keeps the chat's; read once per event.</summary>
    public string? WrittenLocale
    {
        get
        {
            if (!_writtenLocaleRead)
            {
                _writtenLocale = Event.Kind == InboundEventKind.Message && Event.Payload is null ? Locales.Written(Event.Text) : null;
                _writtenLocaleRead = true;
            }

            return _writtenLocale;
        }
    }

    private string? _writtenLocale;
    private bool _writtenLocaleRead;

    public bool Understood { get; set; }

    /// <summary>The typing indicator was asked for (once per event, whatever re-runs).</summary>
    public bool TypingShown { get; set; }

    /// <summary>True when the conversation had no state yet (or it expired): its language comes from the profile.</summary>
    public bool IsNewState { get; private set; }

    /// <summary>The state this run of the turn read.</summary>
    public ConversationState State { get; private set; } = new();

    /// <summary>The state this run of the turn leaves (the dialog step replaces it).</summary>
    public ConversationState NextState { get; set; } = new();

    public TurnEffects Effects { get; private set; } = null!;

    /// <summary>Set by a step that has decided the event needs nothing more.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Starts a run of the turn on freshly read state.</summary>
    public void Begin(ConversationState state, long version, bool isNew)
    {
        IsNewState = isNew;
        State = state;
        NextState = state;
        Effects = new TurnEffects(Event.Conversation, item.Id, version) { Now = Now };
        Stopped = false;
    }

    /// <summary>Nothing more to do: the event is kept with this status and note.</summary>
    public void Stop(InboxStatus status, string note)
    {
        Effects.Status = status;
        Effects.Note = note;
        Stopped = true;
    }
}
