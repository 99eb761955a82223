using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Messaging;

namespace ChatCommerce.UnitTests.Engine;

/// <summary>A chain's touches of one sender, written as one, say what the same touches written one after the other would.</summary>
public sealed class ContactTouchTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly PlatformProfile Profile = new("นิด", "th", "https://sprofile.line-scdn.net/x");

    private static ContactTouch Touch(DateTimeOffset? wrote, bool? following = null, PlatformProfile? profile = null, bool newCustomer = false) =>
        new(Channel.Line, "U1", wrote, following, profile, "c1", newCustomer);

    [Fact]
    public void TheFirstTouchsNewCustomerAndProfileStayWhenTheLaterHaveNone()
    {
        var merged = Touch(At, profile: Profile, newCustomer: true).Then(Touch(At.AddSeconds(5))).Then(Touch(At.AddSeconds(9)));

        Assert.Equal(Touch(At.AddSeconds(9), profile: Profile, newCustomer: true), merged);
    }

    [Fact]
    public void TheTimeTheyLastWroteOnlyMovesForwardAndAFollowOrUnfollowLaterWins()
    {
        // A follow (no message time), a message, an older message delivered late, an unfollow.
        var merged = Touch(null, following: true).Then(Touch(At.AddSeconds(5))).Then(Touch(At)).Then(Touch(null, following: false));

        Assert.Equal((At.AddSeconds(5), (bool?)false), (merged.LastUserMessageAt, merged.IsFollowing));
        Assert.Equal(Touch(null, following: true), Touch(null, following: true).Then(Touch(null)));
    }

    [Fact]
    public void ALaterProfileReplacesTheEarlierOne()
    {
        var renamed = new PlatformProfile("นิดา", null, null);

        Assert.Equal(renamed, Touch(At, profile: Profile).Then(Touch(At, profile: renamed)).Profile);
    }
}
