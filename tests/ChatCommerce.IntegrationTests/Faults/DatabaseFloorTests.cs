using ChatCommerce.Load;

namespace ChatCommerce.IntegrationTests.Faults;

/// <summary>
/// The load harness's database floor, small: its samples are the rows the real host wrote for the
/// bench's seven messages, and each design's pass leaves every event stored once and handled,
/// no message to send and no event open (the pass checks that itself and throws otherwise).
/// `ChatCommerce.Load floor` runs the same bigger and prints the figures.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class DatabaseFloorTests
{
    [Fact]
    public async Task EveryDesignWritesAndHandlesEveryTurnFromTheProductsOwnRows()
    {
        var root = FaultScenarioTests.RepoRoot();
        var options = new FloorOptions(Turns: 1_280, CommitGroup: 64, IntakeGroup: 10, Writers: 2, Rounds: 1)
        {
            Configuration = FaultScenarioTests.Configuration(),
            PinHost = false,
        };
        var said = new List<string>();
        var (samples, passes) = await DatabaseFloor.MeasureAsync(root, options, said.Add);

        // A dozen shoppers, seven messages each, every turn with its stored event, its state, its
        // message in and its answer, and its reply (the carousel the longest).
        Assert.Equal(84, samples.Count);
        Assert.All(samples, s => Assert.Contains(s.Touchpoints, t => t.Direction == "Inbound"));
        Assert.All(samples, s => Assert.Contains(s.Touchpoints, t => t.Direction == "Outbound"));
        Assert.True(samples.Max(s => s.Messages.Length) > 4 * samples.Min(s => s.Messages.Length), string.Join("\n", said));

        Assert.Equal(Enum.GetValues<FloorDesign>(), passes.Select(p => p.Design));
        Assert.All(passes, p => Assert.Equal(1_280, p.Turns));
        Assert.All(passes, p => Assert.True(p.DatabaseCpuSeconds > 0 && p.WalBytes > 1_280 * 1_000, p.Format()));
    }
}
