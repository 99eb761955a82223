using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ChatCommerce.Web.Security;

/// <summary>
/// A request the framework could not bind (malformed JSON, an unknown or mistyped field, a body
/// too large or of the wrong type) answered with a ProblemDetails that says what was wrong and
/// where, in the caller's terms (JSON paths, never our type names).
/// </summary>
public sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        http.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = bad.StatusCode, Title = Title(bad.StatusCode), Detail = Describe(bad) },
        });
    }

    public static string Describe(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => "The body is larger than this endpoint accepts (1 MiB).",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        _ => bad.InnerException is JsonException json ? Describe(json) : "A JSON body is required.",
    };

    public static string Describe(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
        if (json.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"Unknown field {path}.";
        }

        if (json.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"The value of {path} has the wrong type.";
        }

        return json.LineNumber is { } line ? $"Malformed JSON near {path} (line {line + 1})." : $"Malformed JSON near {path}.";
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Bad request",
    };
}
