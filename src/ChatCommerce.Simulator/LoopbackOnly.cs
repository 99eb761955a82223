using System.Net;

namespace ChatCommerce.Simulator;

/// <summary>
/// The simulator and its fake platforms answer only requests from this machine: to anyone else
/// they do not exist (404), whatever address the host listens on. A request relayed by a proxy on
/// this machine (it carries <c>Forwarded</c> or <c>X-Forwarded-For</c>) comes from elsewhere.
/// </summary>
public sealed class LoopbackOnly(RequestDelegate next)
{
    private static readonly PathString[] Guarded = ["/simulator", SimulatorServices.LinePrefix, SimulatorServices.MessengerPrefix];

    public Task InvokeAsync(HttpContext http)
    {
        if (IsGuarded(http.Request.Path) && (!IsLocal(http.Connection.RemoteIpAddress) || IsRelayed(http.Request.Headers)))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(http);
    }

    public static bool IsGuarded(PathString path) => Guarded.Any(path.StartsWithSegments);

    public static bool IsRelayed(IHeaderDictionary headers) => headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Forwarded-For");

    public static bool IsLocal(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
