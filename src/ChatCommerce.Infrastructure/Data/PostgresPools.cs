using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Closes this host's idle PostgreSQL connections once it has stopped. Npgsql keeps a pool per
/// connection string for the whole process and closes an idle connection only after minutes: a
/// host stopped and started again in one process (tests, a restart of the web host) would leave
/// its connections open on the server meanwhile, and enough of them exhaust its
/// <c>max_connections</c>. Connections still in use when the host stops close when given back.
/// </summary>
internal sealed class PostgresPools(IHostApplicationLifetime lifetime, params string[] connectionStrings) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // After every hosted service (the pipeline's drains, Hangfire's server) has stopped.
        lifetime.ApplicationStopped.Register(Clear);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Clear()
    {
        foreach (var connectionString in connectionStrings)
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
