namespace ChatCommerce.FakePlatforms;

/// <summary>Failures a test asks a fake to answer with, next time an endpoint is called.</summary>
public sealed class FakeFailures
{
    private readonly Dictionary<string, Queue<int>> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Hang>> _hangs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The next <paramref name="times"/> calls to <paramref name="endpoint"/> fail with <paramref name="status"/>.</summary>
    public void Fail(string endpoint, int status, int times = 1)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(endpoint, out var queue))
            {
                _pending[endpoint] = queue = new Queue<int>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(status);
            }
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> calls to <paramref name="endpoint"/> get no answer for
    /// <paramref name="delay"/>. With <paramref name="processed"/> the call takes effect first (the
    /// message is delivered) and only its answer is late, the worst case for a client that timed
    /// out; without it the call fails with a 500 after the wait (nothing delivered).
    /// </summary>
    public void Hang(string endpoint, TimeSpan delay, int times = 1, bool processed = false)
    {
        lock (_gate)
        {
            if (!_hangs.TryGetValue(endpoint, out var queue))
            {
                _hangs[endpoint] = queue = new Queue<Hang>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(new Hang(delay, processed));
            }
        }
    }

    /// <summary>A hang to apply to this call, if one is pending (counted by <see cref="Take"/>, not here).</summary>
    public Hang? TakeHang(string endpoint)
    {
        lock (_gate)
        {
            return _hangs.TryGetValue(endpoint, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
        }
    }

    /// <summary>Clears every pending failure and hang (the platform is healthy again).</summary>
    public void Heal()
    {
        lock (_gate)
        {
            _pending.Clear();
            _hangs.Clear();
        }
    }

    /// <summary>How many requests reached the endpoint, failed or not.</summary>
    public int Calls(string endpoint)
    {
        lock (_gate)
        {
            return _calls.GetValueOrDefault(endpoint);
        }
    }

    /// <summary>Counts a call and returns the failure to answer it with, if one is pending.</summary>
    public int? Take(string endpoint)
    {
        lock (_gate)
        {
            _calls[endpoint] = _calls.GetValueOrDefault(endpoint) + 1;
            return _pending.TryGetValue(endpoint, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
        }
    }
}

/// <summary>A call left without an answer for <paramref name="Delay"/>; <paramref name="Processed"/>: it took effect first.</summary>
public sealed record Hang(TimeSpan Delay, bool Processed)
{
    /// <summary>Waits out the hang; returns early (quietly) when the client gives up.</summary>
    public async Task WaitAsync(CancellationToken clientGone)
    {
        try
        {
            await Task.Delay(Delay, clientGone);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
