using System.Text.RegularExpressions;
using ChatCommerce.Domain.Cases;
using ChatCommerce.Web.Console;

namespace ChatCommerce.IntegrationTests.Console;

/// <summary>Every word the console's pages ask for exists, in Thai and in English.</summary>
public sealed partial class ConsoleTextTests
{
    [Fact]
    public void EveryKeyThePagesUseIsDefined()
    {
        var console = Path.Combine(RepoRoot(), "src", "ChatCommerce.Web", "Console");
        var sources = Directory.GetFiles(console, "*.razor", SearchOption.AllDirectories).Concat(Directory.GetFiles(console, "*.cs"))
            .Select(File.ReadAllText).ToList();
        var literal = sources.SelectMany(s => KeyUse().Matches(s)).Select(m => m.Groups[1].Value).Where(k => !k.EndsWith('.')).ToHashSet();
        Assert.Contains("signin.locked", literal);
        Assert.Contains("conv.takeover", literal);

        // Keys made from a prefix and a value: every value each can take.
        var composed = new[] { "high", "medium", "low" }.Select(v => "severity." + v)
            .Concat(new[] { "open", "resolved", "reopened" }.Select(v => "status." + v))
            .Concat(new[] { CaseCategories.Damaged, CaseCategories.WrongItem, CaseCategories.Missing, CaseCategories.Late, CaseCategories.Quality, CaseCategories.Service, CaseCategories.Other }.Select(v => "category." + v))
            .Concat(new[] { "bot", "queue", "staff" }.Select(v => "owner." + v))
            .Concat(ConsoleQueues.All.Select(v => "queue." + v))
            .Concat(new[] { "email", "taken", "password", "role" }.Select(v => "accounts.problem." + v));
        var defined = ConsoleText.Keys.ToHashSet();
        var missing = literal.Concat(composed).Where(k => !defined.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "undefined console words: " + string.Join(", ", missing));

        var thai = new ConsoleText("th");
        var english = new ConsoleText("en");
        Assert.All(defined, k => Assert.False(string.IsNullOrWhiteSpace(thai[k]) || string.IsNullOrWhiteSpace(english[k]), k));
        Assert.All(defined.Where(k => k != "conv.none"), k => Assert.Matches("[\u0E00-\u0E7F]", thai[k]));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatCommerce.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (ChatCommerce.sln) was not found above the test binaries.");
    }

    [GeneratedRegex("""(?:\b[Tt]|\.T)(?:\[|\.Format\()"([a-z_.]+)"[\],]""")]
    private static partial Regex KeyUse();
}
