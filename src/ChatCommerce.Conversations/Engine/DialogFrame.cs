namespace ChatCommerce.Conversations.Engine;

/// <summary>
/// One flow in progress: which flow, the version it was started under, the named step it waits
/// at, its typed state as JSON, and how many times the current question was asked.
/// </summary>
public sealed record DialogFrame(string Flow, int Version, string Step, string State, int Attempts = 0);
