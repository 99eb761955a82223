using System.Text.Json.Nodes;

namespace ChatCommerce.FakePlatforms.Line;

/// <summary>A message call the fake LINE platform accepted; a reply names the event its token came with.</summary>
public sealed record FakeLineSend(string Kind, string To, JsonArray Messages, string? RetryKey, string RequestId, DateTimeOffset At, string? EventId = null);
