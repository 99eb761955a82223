namespace ChatCommerce.Domain.Replies;

/// <summary>
/// A platform's routing of a chat between apps (Messenger's handover protocol). Staff of this
/// shop reply through this app, so when they take a conversation over (or hand it back to the bot)
/// the app takes the thread back from another app (Meta's Page Inbox) that may hold it; when the
/// bot hands a conversation to staff it can pass the thread to that app.
/// </summary>
public interface IThreadControl
{
    Messaging.Channel Channel { get; }

    /// <summary>Threads handed to staff are passed to another app (so hand-back must take them back).</summary>
    bool PassesToStaffApp { get; }

    /// <summary>Best effort: false when the platform refused (logged), never throws for platform failures.</summary>
    Task<bool> TakeAsync(string chatId, string? note, CancellationToken cancellationToken);

    /// <summary>
    /// The conversation went to staff: pass the thread to the app the shop's staff also answer in,
    /// when one is configured (false when none is, or the platform refused). Best effort.
    /// </summary>
    Task<bool> PassAsync(string chatId, string? note, CancellationToken cancellationToken);
}
