namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// This process, as the owner of outbox leases. A message it leased but holds no more (its turn's
/// drain failed after the commit went through) is taken back soon, not only once the lease ran out.
/// </summary>
public sealed class InstanceIdentity
{
    public string Id { get; } = Trim($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");

    private static string Trim(string id) => id.Length <= 100 ? id : id[^100..];
}
