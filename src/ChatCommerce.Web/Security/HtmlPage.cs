using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatCommerce.Web.Security;

/// <summary>
/// An HTML page of the host, served with a Content-Security-Policy that lets run only the page's
/// own inline script and style (by their SHA-256, computed once) and lets it talk only to this
/// host: an injected script or a framing site gets nothing.
/// </summary>
public sealed partial class HtmlPage
{
    private readonly byte[] _html;

    public HtmlPage(string html)
    {
        _html = Encoding.UTF8.GetBytes(html);
        var scripts = Hashes(ScriptBlock(), html);
        var styles = Hashes(StyleBlock(), html);
        Policy = string.Join("; ",
            "default-src 'none'",
            "script-src " + (scripts.Length > 0 ? scripts : "'none'"),
            "style-src " + (styles.Length > 0 ? styles : "'none'"),
            "img-src 'self' https: data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    }

    /// <summary>The Content-Security-Policy the page is served with.</summary>
    public string Policy { get; }

    /// <summary>A page embedded in <paramref name="assembly"/> under the logical name <paramref name="name"/>.</summary>
    public static HtmlPage FromResource(System.Reflection.Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException("No embedded page " + name);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new HtmlPage(reader.ReadToEnd());
    }

    public IResult Serve(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        headers.CacheControl = "no-store";
        return Results.Bytes(_html, "text/html; charset=utf-8");
    }

    private static string Hashes(Regex block, string html) => string.Join(" ", block.Matches(html)
        .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'"));

    [GeneratedRegex(@"<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptBlock();

    [GeneratedRegex(@"<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();
}
