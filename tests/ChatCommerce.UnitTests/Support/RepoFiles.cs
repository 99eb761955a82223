namespace ChatCommerce.UnitTests.Support;

/// <summary>Paths of files kept in this repository (the held-out NLU sets).</summary>
public static class RepoFiles
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ChatCommerce.sln")))
            {
                return System.IO.Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("The repository root (ChatCommerce.sln) was not found above the test binaries.");
    }
}
