namespace ChatCommerce.Channels.Common;

/// <summary>The webhook body is not something the platform would send; answered with 400.</summary>
public sealed class WebhookFormatException(string message, Exception? inner = null) : Exception(message, inner);
