namespace ChatCommerce.Domain.Replies;

/// <summary>
/// A platform's routing of a chat between apps (Messenger's handover protocol). Staff of this
/// shop reply through this app, so when they take a conversation over the app takes the thread
/// back from another app (Meta's Page Inbox) that may hold it.
/// </summary>
public interface IThreadControl
{
    Messaging.Channel Channel { get; }

    /// <summary>Best effort: false when the platform refused (logged), never throws for platform failures.</summary>
    Task<bool> TakeAsync(string chatId, string? note, CancellationToken cancellationToken);
}
