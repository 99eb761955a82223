namespace ChatCommerce.Channels.Line;

public enum ReplyResult
{
    Sent,

    /// <summary>LINE refused the token (used, expired or unknown): push instead.</summary>
    InvalidReplyToken,
}
