namespace ChatCommerce.Domain.Staff;

/// <summary>What a console account may do: <c>owner</c> everything; <c>staff</c> conversations and cases.</summary>
public static class ConsoleRoles
{
    public const string Owner = "owner";
    public const string Staff = "staff";

    public static bool IsKnown(string? role) => role is Owner or Staff;
}

/// <summary>A person who signs in to the staff console. The password is kept only as Identity's hash.</summary>
public sealed class ConsoleAccount
{
    public long Id { get; set; }

    /// <summary>Lower-case; how the person signs in.</summary>
    public string Email { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string Role { get; set; } = ConsoleRoles.Staff;

    public string PasswordHash { get; set; } = "";

    /// <summary>Wrong passwords since the last good one.</summary>
    public int FailedSignIns { get; set; }

    /// <summary>Until when sign-in is refused (after too many wrong passwords).</summary>
    public long? LockedUntilMs { get; set; }

    /// <summary>Changes when the password or role changes: cookies issued before stop working.</summary>
    public string Stamp { get; set; } = "";

    public bool Disabled { get; set; }

    public long CreatedAtMs { get; set; }

    public long? LastSignInAtMs { get; set; }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}

/// <summary>Console accounts.</summary>
public interface IConsoleAccounts
{
    Task<ConsoleAccount?> FindAsync(long id, CancellationToken cancellationToken);

    Task<ConsoleAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken);

    Task<IReadOnlyList<ConsoleAccount>> ListAsync(CancellationToken cancellationToken);

    Task<bool> AnyOwnerAsync(CancellationToken cancellationToken);

    /// <summary>Adds an account; false when the e-mail is taken.</summary>
    Task<bool> AddAsync(ConsoleAccount account, CancellationToken cancellationToken);

    /// <summary>Saves changes to an account read from this store.</summary>
    Task SaveAsync(ConsoleAccount account, CancellationToken cancellationToken);
}
