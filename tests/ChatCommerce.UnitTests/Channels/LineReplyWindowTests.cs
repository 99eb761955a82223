using ChatCommerce.Channels.Line;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatCommerce.UnitTests.Channels;

/// <summary>When the gateway still trusts a reply token, by its own clock.</summary>
public sealed class LineReplyWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly LineChannelGateway _gateway;

    public LineReplyWindowTests()
    {
        var options = new OptionsMonitorStub(new LineOptions());
        _gateway = new LineChannelGateway(new LineApiClient(new HttpClient(), options, NullLogger<LineApiClient>.Instance), options, _time, NullLogger<LineChannelGateway>.Instance);
    }

    private static OutboundContext Context(string? token, DateTimeOffset? receivedAt, DateTimeOffset? happened) =>
        new(new ConversationKey(Channel.Line, "U1"), "seed", token, receivedAt, happened);

    [Fact]
    public void FreshTokenIsUsed() => Assert.True(_gateway.CanReply(Context("t", Start, Start)));

    [Fact]
    public void TokenOlderThanItsLifetimeIsNotUsed()
    {
        _time.Advance(TimeSpan.FromSeconds(51));
        Assert.False(_gateway.CanReply(Context("t", Start, Start)));
    }

    [Fact]
    public void RedeliveredTokenIsNotUsedTwentyMinutesAfterTheEvent()
    {
        _time.Advance(TimeSpan.FromMinutes(19.5));
        Assert.True(_gateway.CanReply(Context("t", _time.GetUtcNow(), Start.AddMinutes(1))));
        Assert.False(_gateway.CanReply(Context("t", _time.GetUtcNow(), Start)));
    }

    [Fact]
    public void NoTokenMeansPush() => Assert.False(_gateway.CanReply(Context(null, Start, Start)));

    private sealed class OptionsMonitorStub(LineOptions value) : IOptionsMonitor<LineOptions>
    {
        public LineOptions CurrentValue => value;

        public LineOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<LineOptions, string?> listener) => null;
    }
}
