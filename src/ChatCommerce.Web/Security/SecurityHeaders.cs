namespace ChatCommerce.Web.Security;

/// <summary>
/// Headers every answer carries: no content-type sniffing, no referrer leaking a path to another
/// site, and no framing of our pages by anyone. HTML pages add their own Content-Security-Policy
/// (<see cref="HtmlPage"/>).
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return next(http);
    }
}
