namespace ChatCommerce.Domain.Replies;

/// <summary>
/// A button: shows <see cref="Label"/>, sends <see cref="Payload"/> back as a postback.
/// When <see cref="Url"/> is set the button opens the link instead.
/// </summary>
public sealed record ReplyAction(string Label, string Payload, string? DisplayText = null, string? Url = null);
