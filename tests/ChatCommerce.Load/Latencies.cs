using System.Diagnostics;

namespace ChatCommerce.Load;

/// <summary>Latency samples in microseconds, with percentiles.</summary>
public sealed class Latencies
{
    private readonly List<long> _samples = [];

    public int Count
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(long fromTimestamp, long toTimestamp)
    {
        var micros = (long)Stopwatch.GetElapsedTime(fromTimestamp, toTimestamp).TotalMicroseconds;
        lock (_samples)
        {
            _samples.Add(micros);
        }
    }

    /// <summary>The percentile in milliseconds (0 without samples).</summary>
    public double Percentile(double p)
    {
        lock (_samples)
        {
            if (_samples.Count == 0)
            {
                return 0;
            }

            _samples.Sort();
            var index = (int)Math.Clamp(Math.Ceiling(p / 100 * _samples.Count) - 1, 0, _samples.Count - 1);
            return _samples[index] / 1000.0;
        }
    }
}
