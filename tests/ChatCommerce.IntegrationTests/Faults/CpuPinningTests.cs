using ChatCommerce.Load;

namespace ChatCommerce.IntegrationTests.Faults;

/// <summary>The load tool keeps itself and the servers it starts off the host's CPU.</summary>
public sealed class CpuPinningTests
{
    [Theory]
    [InlineData(1, 2, "0")]
    [InlineData(1, 4, "0,2,3")]
    [InlineData(0, 3, "1,2")]
    public void EveryCpuButTheHostsIsListedForTaskset(int host, int count, string expected)
        => Assert.Equal(expected, CpuPinning.Others(host, count));

    [Fact]
    public void AMachineOfOneCpuHasNoOtherToMoveTo()
        => Assert.Null(CpuPinning.Others(0, 1));
}
