using System.Text.Json.Nodes;

namespace ChatCommerce.FakePlatforms.Messenger;

/// <summary>A Send API call the fake Messenger platform accepted (a message or a sender action).</summary>
public sealed record FakeMessengerSend(string Psid, string? MessagingType, string? Tag, JsonObject? Message, string? SenderAction, string MessageId, DateTimeOffset At);
