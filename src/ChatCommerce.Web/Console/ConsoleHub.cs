using System.Collections.Concurrent;
using System.Text.Json;
using ChatCommerce.Conversations.Handoffs;
using ChatCommerce.Domain.Messaging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace ChatCommerce.Web.Console;

/// <summary>
/// The console's live channel: signed-in staff receive <c>changed</c> with the conversations
/// ("line:U…") that changed, and each page fetches again the part that shows them.
/// </summary>
[Authorize(Policy = ConsoleAuth.StaffPolicy)]
public sealed class ConsoleHub(ConsoleFeed feed) : Hub
{
    public const string Path = "/console/hub";

    public override Task OnConnectedAsync()
    {
        feed.Watching(+1);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        feed.Watching(-1);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>
/// Collects changed conversations and tells the console four times a second at most: a busy shop
/// makes one message per interval, not one per turn. With Redis the message goes through a Redis
/// channel, so staff connected to any instance hear of a turn run on another.
/// </summary>
public sealed class ConsoleFeed(IHubContext<ConsoleHub> hub, IServiceProvider services, ILogger<ConsoleFeed> logger) : BackgroundService, IConversationFeed
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, byte> _changed = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private ISubscriber? _redis;
    private RedisChannel _channel;
    private int _watching;

    /// <summary>Console pages connected to this instance (counted by the hub).</summary>
    public void Watching(int delta) => Interlocked.Add(ref _watching, delta);

    public void Changed(ConversationKey conversation)
    {
        // Called on every turn: with nobody watching here and no other instance to tell, nothing to do.
        if (_redis is null && Volatile.Read(ref _watching) == 0)
        {
            return;
        }

        if (_changed.TryAdd(conversation.ToString(), 0) && _signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller signalled first: the loop is awake either way.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<IConnectionMultiplexer>() is { } multiplexer)
        {
            _redis = multiplexer.GetSubscriber();
            _channel = RedisChannel.Literal((services.GetService<Infrastructure.Redis.RedisKeys>()?.Prefix ?? "cc:") + "console");
            await _redis.SubscribeAsync(_channel, (_, message) => { var ignored = BroadcastAsync(JsonSerializer.Deserialize<string[]>(message.ToString()) ?? []); });
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await _signal.WaitAsync(stoppingToken);
            await Task.Delay(Interval, stoppingToken);
            var keys = _changed.Keys.ToArray();
            foreach (var key in keys)
            {
                _changed.TryRemove(key, out _);
            }

            try
            {
                if (_redis is not null)
                {
                    await _redis.PublishAsync(_channel, JsonSerializer.Serialize(keys), CommandFlags.FireAndForget);
                }
                else
                {
                    await BroadcastAsync(keys);
                }
            }
            catch (Exception e) when (e is RedisException or InvalidOperationException)
            {
                // A console that misses one refresh catches up with the next; the data is in the database.
                logger.LogWarning(e, "Could not tell the console about {Count} changed conversations", keys.Length);
            }
        }
    }

    private async Task BroadcastAsync(string[] keys)
    {
        if (keys.Length > 0)
        {
            await hub.Clients.All.SendAsync("changed", keys);
        }
    }
}
