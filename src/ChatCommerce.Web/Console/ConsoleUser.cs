using System.Globalization;
using System.Security.Claims;
using ChatCommerce.Domain.Staff;

namespace ChatCommerce.Web.Console;

/// <summary>Who is signed in to the console, as the cookie's claims say.</summary>
public sealed record ConsoleUser(long Id, string Email, string Name, string Role)
{
    public const string StampClaim = "cc_stamp";

    public bool IsOwner => Role == ConsoleRoles.Owner;

    /// <summary>How the audit log and the conversation state name this person.</summary>
    public string Actor => "console:" + Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The staff id a taken-over conversation carries.</summary>
    public string StaffId => Actor;

    public static ConsoleUser? Of(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new ConsoleUser(id, principal.FindFirstValue(ClaimTypes.Email) ?? "", principal.FindFirstValue(ClaimTypes.Name) ?? "", principal.FindFirstValue(ClaimTypes.Role) ?? ConsoleRoles.Staff)
            : null;

    public static ClaimsPrincipal Principal(ConsoleAccount account) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, account.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Email, account.Email),
            new Claim(ClaimTypes.Name, account.DisplayName),
            new Claim(ClaimTypes.Role, account.Role),
            new Claim(StampClaim, account.Stamp),
        ],
        ConsoleAuth.Scheme));
}
