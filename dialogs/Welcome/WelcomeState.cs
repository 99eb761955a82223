namespace ChatCommerce.Dialogs.Welcome;

/// <summary>
/// The root flow's memory: how many times it has answered, and the product last shown or asked
/// about, so "how much?" and "I'll take two" have something to refer to, and how many messages
/// in a row it could not understand.
/// </summary>
public sealed record WelcomeState(int Turns, string? LastSku = null, int Misunderstood = 0);
