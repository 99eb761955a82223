using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Channels.Common;

/// <summary>
/// What both renderers share: the quick replies of the last reply that has any go on the last
/// rendered message (both platforms show only the newest message's quick replies).
/// </summary>
public static class ReplyRendering
{
    /// <summary>The quick replies the last rendered message carries: the last reply's that has any, links left out.</summary>
    public static IReadOnlyList<ReplyAction> QuickReplies(IReadOnlyList<OutboundMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].QuickReplies.Count > 0)
            {
                // Link buttons cannot be quick replies on either platform.
                return messages[i].QuickReplies.Where(q => q.Url is null).ToList();
            }
        }

        return [];
    }
}
