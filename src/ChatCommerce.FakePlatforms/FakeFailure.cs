namespace ChatCommerce.FakePlatforms;

/// <summary>Failures a test asks a fake to answer with, next time an endpoint is called.</summary>
public sealed class FakeFailures
{
    private readonly Dictionary<string, Queue<int>> _pending = new(StringComparer.Ordinal);
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
