using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Contexts for the statements a caller may wait on while it holds a connection of the store's
/// pool: the shared snapshots (catalog, promotions), loaded by whichever turn finds them stale,
/// possibly inside its own transaction; and the conversation state read and written outside a turn
/// (an owner's change to an order queues its notice inside the change's transaction). On
/// PostgreSQL they come from a pool of their own.
/// </summary>
/// <remarks>
/// The store's pool is small (<see cref="InfrastructureServices.PostgresConnectionString"/>). A caller
/// holding one of its connections while it waits for another from the same pool waits for ever once
/// every connection is held that way (a sale's checkouts, each in its transaction, each finding the
/// catalog stale): Npgsql gives up after its timeout and every one of them fails. A second pool
/// cannot be exhausted by holders of the first, and what runs on it holds nothing while it waits.
/// On SQLite (no pool limit) these are the scope's contexts as before.
/// </remarks>
public sealed class NestedContexts(IServiceScopeFactory scopes, string? postgresConnectionString)
{
    private readonly DbContextOptions<PostgresChatCommerceDbContext>? _postgres = postgresConnectionString is null ? null : Options(postgresConnectionString);

    private static DbContextOptions<PostgresChatCommerceDbContext> Options(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<PostgresChatCommerceDbContext>();
        InfrastructureServices.UsePostgres(builder, connectionString);
        return builder.Options;
    }

    /// <summary>A context for one short use; dispose it when done.</summary>
    public NestedContext Create()
    {
        if (_postgres is { } options)
        {
            return new NestedContext(new PostgresChatCommerceDbContext(options), null);
        }

        var scope = scopes.CreateAsyncScope();
        return new NestedContext(scope.ServiceProvider.GetRequiredService<ChatCommerceDbContext>(), scope);
    }
}

/// <summary>A context of <see cref="NestedContexts"/>, with the scope it came from (SQLite only).</summary>
public readonly struct NestedContext(ChatCommerceDbContext db, AsyncServiceScope? scope) : IAsyncDisposable
{
    public ChatCommerceDbContext Db => db;

    public async ValueTask DisposeAsync()
    {
        if (scope is { } owner)
        {
            await owner.DisposeAsync();
        }
        else
        {
            await db.DisposeAsync();
        }
    }
}
