namespace ChatCommerce.Conversations.Engine;

/// <summary>
/// One flow in progress: which flow, the version it was started under, the named step it waits
/// at, its typed state as JSON, and how many times the current question was asked.
/// </summary>
/// <param name="Interjection">
/// Pushed by an interrupt over a flow that waits at a question (a complaint in the middle of
/// checkout): when it ends, the flow below goes on waiting at its question instead of being run
/// with the interjection's last message as its answer.
/// </param>
public sealed record DialogFrame(string Flow, int Version, string Step, string State, int Attempts = 0, bool Interjection = false);
