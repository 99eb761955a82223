namespace ChatCommerce.UnitTests.Support;

/// <summary>
/// Finds the reference files the tests read: LINE's OpenAPI specs in ../shared/reference/line-openapi
/// beside the repository, or in the folder named by CHATCOMMERCE_LINE_OPENAPI_DIR (where
/// scripts/test.sh puts the pinned copy it fetched when ../shared is absent).
/// </summary>
public static class SharedFiles
{
    public static string LineOpenApi(string file)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("CHATCOMMERCE_LINE_OPENAPI_DIR") is { Length: > 0 } configured)
        {
            candidates.Add(Path.Combine(configured, file));
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatCommerce.sln")))
            {
                candidates.Add(Path.Combine(dir.FullName, "..", "shared", "reference", "line-openapi", file));
                candidates.Add(Path.Combine(dir.FullName, ".test-services", "line-openapi", file));
                break;
            }
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"LINE OpenAPI file '{file}' not found (looked in {string.Join(", ", candidates)}). Run scripts/test.sh, which fetches the pinned copy.");
    }
}
