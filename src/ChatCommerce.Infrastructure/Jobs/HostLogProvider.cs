using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Infrastructure.Jobs;

/// <summary>
/// Hangfire's logging through the host's logger factory. Hangfire keeps its log provider in one
/// static for the whole process, so where several hosts run in one process (the tests) a host
/// that stopped would leave the others a disposed factory: then Hangfire gets silent loggers
/// instead of failing the job it was about to run.
/// </summary>
public sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly Hangfire.AspNetCore.AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception exception) => false;
    }
}
