namespace ChatCommerce.Domain.Messaging;

/// <summary>
/// Identifies one conversation: a LINE user, group or room, or a Messenger PSID.
/// Turns of one conversation are handled one at a time, in timestamp order.
/// </summary>
public readonly record struct ConversationKey(Channel Channel, string ChatId)
{
    /// <summary>"line" or "messenger": how the channel is written in keys and stored rows.</summary>
    public string ChannelName => Channel.Name();

    public override string ToString() => $"{ChannelName}:{ChatId}";

    public static ConversationKey Parse(string value)
    {
        var colon = value.IndexOf(':');
        if (colon <= 0 || colon == value.Length - 1)
        {
            throw new FormatException($"Not a conversation key: '{value}'.");
        }

        var channel = ChannelNames.Parse(value[..colon]);
        return new ConversationKey(channel, value[(colon + 1)..]);
    }

    public static bool TryParse(string? value, out ConversationKey key)
    {
        key = default;
        var colon = value?.IndexOf(':') ?? -1;
        if (value is null || colon <= 0 || colon == value.Length - 1 || !ChannelNames.TryParse(value[..colon], out var channel))
        {
            return false;
        }

        key = new ConversationKey(channel, value[(colon + 1)..]);
        return true;
    }
}
