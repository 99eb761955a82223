using System.Text.Json.Nodes;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Channels.Common;

/// <summary>
/// Renders a turn's replies one by one and puts the quick replies of the last reply that has any
/// on the last rendered message: both platforms show only the newest message's quick replies.
/// </summary>
public static class ReplyRendering
{
    public static List<JsonObject> RenderAll(
        IReadOnlyList<OutboundMessage> messages,
        Func<OutboundMessage, IEnumerable<JsonObject>> renderOne,
        Action<JsonObject, IReadOnlyList<ReplyAction>> attachQuickReplies)
    {
        var rendered = new List<JsonObject>();
        foreach (var message in messages)
        {
            rendered.AddRange(renderOne(message));
        }

        var usable = QuickReplies(messages);
        if (rendered.Count > 0 && usable.Count > 0)
        {
            attachQuickReplies(rendered[^1], usable);
        }

        return rendered;
    }

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
