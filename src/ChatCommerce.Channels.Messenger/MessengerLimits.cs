namespace ChatCommerce.Channels.Messenger;

/// <summary>Messenger Send API limits (docs/platforms.md).</summary>
public static class MessengerLimits
{
    public const int TextLength = 2000;
    public const int QuickReplies = 13;
    public const int QuickReplyTitle = 20;
    public const int QuickReplyPayload = 1000;
    public const int GenericElements = 10;
    public const int ElementTitle = 80;
    public const int ElementSubtitle = 80;
    public const int ElementButtons = 3;
    public const int ButtonTitle = 20;
    public const int ButtonTemplateText = 640;
    public const int ReceiptElements = 100;
    public const int ButtonPayload = 1000;
    public static readonly TimeSpan StandardWindow = TimeSpan.FromHours(24);
    public static readonly TimeSpan HumanAgentWindow = TimeSpan.FromDays(7);

    /// <summary>A message's metadata, echoed back with it.</summary>
    public const int MetadataLength = 1000;
}
