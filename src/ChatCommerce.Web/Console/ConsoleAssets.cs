namespace ChatCommerce.Web.Console;

/// <summary>
/// The console's script, style and the SignalR browser client (npm @microsoft/signalr 10.0.11,
/// MIT, licence beside it), embedded in the assembly and served with a long cache.
/// </summary>
public static class ConsoleAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string Type)> Files = new[]
    {
        ("console.js", "text/javascript; charset=utf-8"),
        ("console.css", "text/css; charset=utf-8"),
        ("signalr.min.js", "text/javascript; charset=utf-8"),
    }.ToDictionary(f => f.Item1, f => (Read(f.Item1), f.Item2));

    public static IResult Serve(HttpContext http, string name)
    {
        if (!Files.TryGetValue(name, out var file))
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(file.Bytes, file.Type);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("console." + name)
            ?? throw new InvalidOperationException("Console asset not embedded: " + name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
