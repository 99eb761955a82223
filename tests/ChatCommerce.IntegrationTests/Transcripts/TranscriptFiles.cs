namespace ChatCommerce.IntegrationTests.Transcripts;

public static class TranscriptFiles
{
    /// <summary><c>dialogs/transcripts</c> of the repository the tests were built from.</summary>
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatCommerce.sln")))
            {
                return Path.Combine(dir.FullName, "dialogs", "transcripts");
            }
        }

        throw new DirectoryNotFoundException("ChatCommerce.sln not found above the test binaries.");
    }
}
