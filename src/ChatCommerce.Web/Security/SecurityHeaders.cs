namespace ChatCommerce.Web.Security;

/// <summary>
/// Headers every answer carries: no content-type sniffing, no referrer leaking a path to another
/// site, and no framing of our pages by anyone. HTML pages add their own Content-Security-Policy
/// (<see cref="HtmlPage"/>).
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ConsolePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        Apply(http.Response);
        var headers = http.Response.Headers;
        if (http.Request.Path.StartsWithSegments("/console"))
        {
            // The staff console: its own script and style files only, its own host only.
            headers.ContentSecurityPolicy = ConsolePolicy;
            headers.CacheControl = "no-store";
        }

        return next(http);
    }

    /// <summary>The headers of every answer, for endpoints that answer before this middleware runs (the webhooks).</summary>
    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
