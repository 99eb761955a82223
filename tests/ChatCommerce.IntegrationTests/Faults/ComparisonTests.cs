using System.Diagnostics;
using ChatCommerce.Load;

namespace ChatCommerce.IntegrationTests.Faults;

/// <summary>The load tool's comparison of two builds: the order of its runs, and what it concludes from them.</summary>
public sealed class ComparisonTests
{
    private static RunFigures Run(bool head, double turns, double host = 400, double? database = 300) =>
        new(head, AckRate: turns * 2, TurnRate: turns, ReplyP99: 100, HostMicrosPerTurn: host, DatabaseMicrosPerTurn: database, StealMax: 0, Clean: true);

    [Fact]
    public void RunsAlternateSoThatEachBuildGoesFirstAsOftenAsSecond()
    {
        Assert.Equal([false, true, true, false, false, true], Comparison.Order(3));
        Assert.Equal([false, true, true, false], Comparison.Order(2));
    }

    [Fact]
    public void EachPairsRatioIsTheHeadOverTheBaseWhicheverRanFirst()
    {
        var runs = new[] { Run(false, 1000), Run(true, 1100), Run(true, 900), Run(false, 1200) };

        var ratios = Comparison.PairRatios(runs, r => r.TurnRate);

        Assert.Equal(2, ratios.Count);
        Assert.Equal(1.1, ratios[0], 6);
        Assert.Equal(0.75, ratios[1], 6);
    }

    [Fact]
    public void TheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo()
    {
        Assert.Equal(3, Comparison.Median([5, 1, 3]));
        Assert.Equal(2.5, Comparison.Median([4, 1, 3, 2]));
        Assert.Equal(0, Comparison.Median([]));
    }

    [Fact]
    public void IdenticalBuildsFallWhollyApartByChanceOneTimeInThreeWithTwoRunsEachAndSeldomWithFour()
    {
        Assert.Equal(1.0 / 3, Comparison.ChanceApart(2, 2), 9);
        Assert.Equal(2.0 / 70, Comparison.ChanceApart(4, 4), 9);
        Assert.Equal(2.0 / 10, Comparison.ChanceApart(2, 3), 9);
        Assert.Equal(1, Comparison.ChanceApart(1, 1));
    }

    /// <summary>
    /// Overlapping ranges are the spread; ranges apart are called better or worse (by what the
    /// figure means) only when identical builds would be apart at most 1 time in 20.
    /// </summary>
    [Fact]
    public void ADifferenceIsCalledOnlyWhenTheRangesAreApartAndChanceIsAnUnlikelyCause()
    {
        var overlapping = Comparison.Format([Run(false, 1000), Run(true, 1100), Run(true, 950), Run(false, 1050)], "abc123", "this checkout");
        Assert.Contains("turns/s       base   1025.0 [1000.0–1050.0]  head   1025.0 [950.0–1100.0]  ×1.000  within the spread", overlapping);
        Assert.Contains("head over base in each pair: 1.10, 0.90", overlapping);

        var twoPairsApart = Comparison.Format([Run(false, 1000), Run(true, 1300), Run(true, 1250), Run(false, 1100)], "abc123", "this checkout");
        Assert.Contains("turns/s       base   1050.0 [1000.0–1100.0]  head   1275.0 [1250.0–1300.0]  ×1.214  ranges apart, but so are identical builds' 1 time in 3: more pairs needed", twoPairsApart);

        RunFigures[] fourPairs =
        [
            Run(false, 1000, host: 500, database: 400), Run(true, 1300, host: 380, database: 250), Run(true, 1250, host: 390, database: 260), Run(false, 1100, host: 480, database: 390),
            Run(false, 1050, host: 490, database: 395), Run(true, 1280, host: 385, database: 255), Run(true, 1260, host: 388, database: 258), Run(false, 1080, host: 470, database: 392),
        ];
        var apart = Comparison.Format(fourPairs, "abc123", "this checkout");
        Assert.Contains("turns/s       base   1065.0 [1000.0–1100.0]  head   1270.0 [1250.0–1300.0]  ×1.192  better, ranges apart (identical builds: 1 in 35)", apart);
        Assert.Contains("host µs/turn  base    485.0 [470.0–500.0]  head    386.5 [380.0–390.0]  ×0.797  better, ranges apart", apart);
        Assert.Contains("db µs/turn    base    393.5 [390.0–400.0]  head    256.5 [250.0–260.0]  ×0.652  better, ranges apart", apart);

        var worse = Comparison.Format([.. fourPairs.Select(r => r with { Head = !r.Head })], "abc123", "this checkout");
        Assert.Contains("worse, ranges apart (identical builds: 1 in 35)", worse);
    }

    /// <summary>Embedded runs have no database CPU: the line is left out rather than shown as zero.</summary>
    [Fact]
    public void WithoutTheDatabasesCpuItsLineIsLeftOut()
    {
        var text = Comparison.Format([Run(false, 1000, database: null), Run(true, 1000, database: null)], "abc123", "this checkout");
        Assert.DoesNotContain("  db µs/turn    base", text);
        Assert.Contains("  host µs/turn  base", text);
        Assert.Contains("   -  ", text);
    }

    [Fact]
    public void AStatLineIsReadFromItsLastParenthesisWhateverTheNameHolds()
    {
        var line = "4242 (post gres: (idle) x) S 4200 4242 4242 0 -1 4194560 900 0 0 0 1234 567 89 10 20 0 1 0 1000 100000000 2000";

        Assert.Equal((4200, 1234 + 567, 89 + 10), ProcessTreeCpu.Parse(line));
        Assert.Null(ProcessTreeCpu.Parse("4242 no name here"));
    }

    /// <summary>A child's CPU time counts for its parent's tree, also once it has ended.</summary>
    [Fact]
    public async Task AnEndedChildsCpuCountsForTheTree()
    {
        using var self = Process.GetCurrentProcess();
        var tree0 = ProcessTreeCpu.Seconds(Environment.ProcessId);
        var own0 = self.TotalProcessorTime.TotalSeconds;

        var burn = new ProcessStartInfo("sh", ["-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done"]);
        using (var child = Process.Start(burn)!)
        {
            await child.WaitForExitAsync();
        }

        self.Refresh();
        var own = self.TotalProcessorTime.TotalSeconds - own0;
        var tree = ProcessTreeCpu.Seconds(Environment.ProcessId) - tree0;

        Assert.True(tree - own >= 0.1, $"the tree grew by {tree:0.00} s, this process by {own:0.00} s");
    }
}
