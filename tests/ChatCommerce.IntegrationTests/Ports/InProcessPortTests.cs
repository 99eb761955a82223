using ChatCommerce.Domain.Ports;
using ChatCommerce.Infrastructure.InProcess;

namespace ChatCommerce.IntegrationTests.Ports;

public sealed class InProcessStateStoreTests : StateStoreContract
{
    protected override IConversationStateStore Store { get; } = new InProcessStateStore(TimeProvider.System);
}

public sealed class InProcessLockTests : LockContract
{
    protected override IDistributedLockProvider Locks { get; } = new InProcessLockProvider(TimeProvider.System);
}

public sealed class InProcessDedupeTests : DedupeContract
{
    protected override IDedupeStore Dedupe { get; } = new InProcessDedupeStore(TimeProvider.System);
}
