using ChatCommerce.FakePlatforms.Line;
using ChatCommerce.FakePlatforms.Messenger;

namespace ChatCommerce.Simulator;

/// <summary>The fake platforms this host runs for the channels that have no real credentials.</summary>
public sealed record SimulatorPlatforms(FakeLinePlatform? Line, FakeMessengerPlatform? Messenger, FakePlatforms.Payments.FakeStripe? Stripe = null);
