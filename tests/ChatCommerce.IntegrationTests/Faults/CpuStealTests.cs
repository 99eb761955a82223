using ChatCommerce.Load;

namespace ChatCommerce.IntegrationTests.Faults;

/// <summary>The load tool reports how much of each CPU the hypervisor took while it measured.</summary>
public sealed class CpuStealTests
{
    /// <summary>
    /// Steal is each CPU's eighth counter as a share of the first eight (the whole machine's
    /// "cpu" line and lines that are not CPUs are left out); a CPU seen once is not reported.
    /// </summary>
    [Fact]
    public void StealIsTheShareOfEachCpusTimeTheHypervisorTook()
    {
        var before = CpuSteal.Parse([
            "cpu  300 0 100 1000 0 0 0 50 0 0",
            "cpu0 100 0 50 500 0 0 0 0 0 0",
            "cpu1 200 0 50 500 0 0 0 50 0 0",
            "intr 12345 1 2 3",
        ]);
        var after = CpuSteal.Parse([
            "cpu  600 0 200 1400 0 0 0 150 0 0",
            "cpu0 250 0 100 590 0 0 0 10 0 0",
            "cpu1 350 0 100 810 0 0 0 140 0 0",
            "cpu2 1 1 1 1 1 1 1 1 0 0",
        ]);

        var shares = CpuSteal.Between(before, after);

        // cpu0: 10 of 150+50+90+10 = 300; cpu1: 90 of 150+50+310+90 = 600.
        Assert.Equal(["cpu0", "cpu1"], shares.Keys);
        Assert.Equal(10.0 / 300 * 100, shares["cpu0"], 6);
        Assert.Equal(90.0 / 600 * 100, shares["cpu1"], 6);
    }

    /// <summary>On this machine each CPU is read, and its share is a share.</summary>
    [Fact]
    public async Task ThisMachinesCpusAreRead()
    {
        var steal = new CpuSteal();
        await Task.Delay(200);
        var shares = steal.Since();

        Assert.NotEmpty(shares);
        Assert.All(shares, s => Assert.Matches("^cpu[0-9]+$", s.Key));
        Assert.All(shares.Values, s => Assert.InRange(s, 0, 100));
    }
}
