namespace ChatCommerce.Domain.Messaging;

public enum MessageContentType
{
    None,
    Text,
    Image,
    Video,
    Audio,
    File,
    Location,
    Sticker,
    Other,
}
