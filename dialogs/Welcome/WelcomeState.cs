namespace ChatCommerce.Dialogs.Welcome;

/// <summary>The welcome flow's memory: how many times it has answered in this conversation.</summary>
public sealed record WelcomeState(int Turns);
