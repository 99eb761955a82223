namespace ChatCommerce.Web.Console;

/// <summary>The staff console (<c>ChatCommerce:Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "ChatCommerce:Console";

    /// <summary>The first owner, created at start when no owner account exists (then ignored).</summary>
    public OwnerSeed Owner { get; set; } = new();

    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>A signed-in session lasts this long without use.</summary>
    public int SessionHours { get; set; } = 12;

    /// <summary>Shortest password accepted for a console account.</summary>
    public int MinPasswordLength { get; set; } = 10;

    public sealed class OwnerSeed
    {
        public string? Email { get; set; }

        public string? Password { get; set; }

        public string? DisplayName { get; set; }
    }
}
