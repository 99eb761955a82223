using System.Globalization;

namespace ChatCommerce.Testing;

/// <summary>A Linux thread's name, scheduling policy and nice value, from its <c>/proc/.../task/&lt;id&gt;/stat</c>.</summary>
public readonly record struct ThreadStat(string Name, int Policy, int Nice)
{
    /// <summary>The thread whose task directory this is, or null when it has ended.</summary>
    public static ThreadStat? Read(string taskDirectory)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(taskDirectory, "stat"));
        }
        catch (IOException)
        {
            return null;
        }

        // The name (field 2) may hold spaces and parentheses: fields 3 on start after its last ')'.
        var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return new ThreadStat(name, Field(fields, 41), Field(fields, 19));
    }

    private static int Field(string[] fromThird, int number) => int.Parse(fromThird[number - 3], CultureInfo.InvariantCulture);
}
