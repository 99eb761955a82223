namespace ChatCommerce.Channels.Line;

/// <summary>LINE Messaging API limits that fail a send when broken (docs/platforms.md).</summary>
public static class LineLimits
{
    public const int MessagesPerCall = 5;
    public const int TextLength = 5000;
    public const int QuickReplyItems = 13;
    public const int QuickReplyLabel = 20;
    public const int PostbackData = 300;
    public const int DisplayText = 300;
    public const int AltText = 1500;
    public const int TemplateActionLabel = 20;
    public const int ConfirmText = 240;
    public const int ButtonsText = 160;
    public const int ButtonsActions = 4;
    public const int FlexActionLabel = 40;
    public const int FlexBubbleBytes = 30 * 1024;
    public const int FlexCarouselBytes = 50 * 1024;
    public const int FlexCarouselBubbles = 12;
    public const int ImageUrlLength = 2000;
    public const int MulticastRecipients = 500;
}
