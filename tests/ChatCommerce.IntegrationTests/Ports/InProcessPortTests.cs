using ChatCommerce.Domain.Ports;
using ChatCommerce.Infrastructure.InProcess;

namespace ChatCommerce.IntegrationTests.Ports;

public sealed class InProcessLockTests : LockContract
{
    protected override IDistributedLockProvider Locks { get; } = new InProcessLockProvider(TimeProvider.System);
}
