namespace ChatCommerce.Domain.Ports;

/// <summary>
/// One transaction around the writes of a use case (an order change and the notice it causes).
/// Stores used meanwhile join it; inside a turn they join the turn's transaction instead.
/// </summary>
public interface IUnitOfWork
{
    Task<IUnitOfWorkTransaction> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>Commit it, or dispose it to roll back.</summary>
public interface IUnitOfWorkTransaction : IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken);
}
