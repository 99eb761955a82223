namespace ChatCommerce.Domain.Messaging;

/// <summary>The chat platform a conversation lives on.</summary>
public enum Channel
{
    Line,
    Messenger,
}

/// <summary>The one spelling of a channel in keys, stored rows and URLs: "line" or "messenger".</summary>
public static class ChannelNames
{
    public const string Line = "line";
    public const string Messenger = "messenger";

    public static string Name(this Channel channel) => channel == Channel.Line ? Line : Messenger;

    public static bool TryParse(string? name, out Channel channel)
    {
        switch (name?.ToLowerInvariant())
        {
            case Line:
                channel = Channel.Line;
                return true;
            case Messenger:
                channel = Channel.Messenger;
                return true;
            default:
                channel = default;
                return false;
        }
    }

    public static Channel Parse(string name) => TryParse(name, out var channel) ? channel : throw new FormatException($"Not a channel: '{name}'.");
}
