using System.Collections.Concurrent;
using System.Threading.Channels;
using ChatCommerce.Domain.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns;

/// <summary>
/// Runs conversation drains on a fixed number of workers. Different conversations run in
/// parallel; a conversation already waiting in the queue is not queued twice (its drain will see
/// every event stored before it starts).
/// </summary>
public sealed class ConversationDispatcher(
    IServiceScopeFactory scopes,
    IOptions<PipelineOptions> options,
    TimeProvider time,
    ILogger<ConversationDispatcher> logger) : BackgroundService, IConversationDispatcher
{
    private readonly Channel<ConversationKey> _queue = System.Threading.Channels.Channel.CreateUnbounded<ConversationKey>();
    private readonly ConcurrentDictionary<ConversationKey, byte> _queued = new();

    public void Schedule(ConversationKey conversation, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Enqueue(conversation);
            return;
        }

        _ = DelayThenEnqueueAsync(conversation, delay);
    }

    private async Task DelayThenEnqueueAsync(ConversationKey conversation, TimeSpan delay)
    {
        await Task.Delay(delay, time);
        Enqueue(conversation);
    }

    private void Enqueue(ConversationKey conversation)
    {
        if (_queued.TryAdd(conversation, 0))
        {
            _queue.Writer.TryWrite(conversation);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var conversation in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                // Removed before draining: an event stored from now on schedules a new drain.
                _queued.TryRemove(conversation, out _);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var processor = scope.ServiceProvider.GetRequiredService<ConversationProcessor>();
                    var drained = await processor.DrainAsync(conversation, stoppingToken);
                    if (!drained)
                    {
                        Schedule(conversation, options.Value.ReorderWindow);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Draining {Conversation} failed; the sweeper will retry", conversation);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
