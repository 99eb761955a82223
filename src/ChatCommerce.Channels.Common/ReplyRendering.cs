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
        IReadOnlyList<ReplyAction> quickReplies = [];
        foreach (var message in messages)
        {
            rendered.AddRange(renderOne(message));
            if (message.QuickReplies.Count > 0)
            {
                quickReplies = message.QuickReplies;
            }
        }

        // Link buttons cannot be quick replies on either platform.
        var usable = quickReplies.Where(q => q.Url is null).ToList();
        if (rendered.Count > 0 && usable.Count > 0)
        {
            attachQuickReplies(rendered[^1], usable);
        }

        return rendered;
    }
}
