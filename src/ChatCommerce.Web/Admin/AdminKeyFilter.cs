using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Web.Admin;

/// <summary>Lets a request through only with <c>Authorization: Bearer {ChatCommerce:Admin:ApiKey}</c>, compared in constant time.</summary>
public sealed class AdminKeyFilter(IOptionsMonitor<AdminOptions> options, KeyFailures failures) : IEndpointFilter
{
    public const int MinimumKeyLength = 16;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = options.CurrentValue.ApiKey;
        if (key.Length < MinimumKeyLength)
        {
            return TypedResults.Problem(
                title: "The owner API is not configured",
                detail: $"Set ChatCommerce:Admin:ApiKey (at least {MinimumKeyLength} characters) to enable it.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var client = context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (failures.Refused(client) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(title: "Too many wrong API keys", detail: $"Try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests);
        }

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var given = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(key))))
        {
            failures.Failed(client);
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(title: "Missing or wrong API key", statusCode: StatusCodes.Status401Unauthorized);
        }

        failures.Succeeded(client);
        return await next(context);
    }
}
