namespace ChatCommerce.Language.Training;

/// <summary>
/// Reads TSV files of labelled examples: a header <c>text&lt;TAB&gt;LABEL</c>, then one example a
/// line. Blank lines and lines starting with '#' are skipped; a malformed line is an error with
/// its line number.
/// </summary>
public static class LabeledTextFile
{
    public static IReadOnlyList<LabeledText> Read(TextReader reader, string labelColumn, string source, string textColumn = "text")
    {
        var header = reader.ReadLine()?.TrimEnd('\r');
        if (header != textColumn + "\t" + labelColumn)
        {
            throw new FormatException($"{source}: the first line must be '{textColumn}<TAB>{labelColumn}', not '{header}'.");
        }

        var examples = new List<LabeledText>();
        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            line = line.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.LastIndexOf('\t');
            if (tab <= 0 || tab == line.Length - 1)
            {
                throw new FormatException($"{source}:{number}: expected '{textColumn}<TAB>{labelColumn}'.");
            }

            examples.Add(new LabeledText(line[..tab].Trim(), line[(tab + 1)..].Trim()));
        }

        return examples;
    }

    public static IReadOnlyList<LabeledText> ReadFile(string path, string labelColumn)
    {
        using var reader = File.OpenText(path);
        return Read(reader, labelColumn, path);
    }

    /// <summary>Every embedded set whose name starts with <paramref name="prefix"/>, in name order, read as one.</summary>
    public static IReadOnlyList<LabeledText> ReadEmbeddedSets(string prefix, string labelColumn) =>
        [.. EmbeddedSets(prefix).SelectMany(name => ReadEmbedded(name, labelColumn))];

    /// <summary>The names of the embedded sets that start with <paramref name="prefix"/> ("nlu.intents."), in name order.</summary>
    public static IReadOnlyList<string> EmbeddedSets(string prefix) =>
        [.. typeof(LabeledTextFile).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".tsv", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    public static IReadOnlyList<LabeledText> ReadEmbedded(string name, string labelColumn, string textColumn = "text")
    {
        using var stream = typeof(LabeledTextFile).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Training data '{name}' is not embedded.");
        using var reader = new StreamReader(stream);
        return Read(reader, labelColumn, name, textColumn);
    }
}
