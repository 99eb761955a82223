using System.Security.Cryptography;
using ChatCommerce.Domain.Staff;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Web.Console;

public enum SignInResult
{
    SignedIn,
    Wrong,
    LockedOut,
}

/// <summary>
/// Console sign-in: passwords checked with ASP.NET Core Identity's hasher (PBKDF2, re-hashed when
/// its defaults grow), a lock after repeated wrong passwords, every attempt in the audit log.
/// </summary>
public sealed class ConsoleAuth(IConsoleAccounts accounts, IAuditLog audit, IPasswordHasher<ConsoleAccount> hasher, IOptions<ConsoleOptions> options, TimeProvider clock, ILogger<ConsoleAuth> logger)
{
    public const string Scheme = "console";
    public const string StaffPolicy = "console-staff";
    public const string OwnerPolicy = "console-owner";

    /// <summary>A hash of nothing anyone knows: an unknown e-mail costs as long as a known one.</summary>
    private static readonly string DecoyHash = new PasswordHasher<ConsoleAccount>().HashPassword(new ConsoleAccount(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));

    public async Task<(SignInResult Result, ConsoleAccount? Account, DateTimeOffset? LockedUntil)> CheckAsync(string email, string password, string from, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var account = await accounts.FindByEmailAsync(email, cancellationToken);
        if (account is null || account.Disabled)
        {
            hasher.VerifyHashedPassword(new ConsoleAccount(), DecoyHash, password);
            await audit.AppendAsync("anonymous " + from, AuditActions.SignInFailed, "account:" + Cut(ConsoleAccount.Normalize(email)), "unknown or disabled account", cancellationToken);
            return (SignInResult.Wrong, null, null);
        }

        if (account.LockedUntilMs is { } until && until > now.ToUnixTimeMilliseconds())
        {
            await audit.AppendAsync("anonymous " + from, AuditActions.SignInFailed, Subject(account), "locked", cancellationToken);
            return (SignInResult.LockedOut, null, DateTimeOffset.FromUnixTimeMilliseconds(until));
        }

        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            account.FailedSignIns++;
            var limit = options.Value.MaxFailedSignIns;
            if (account.FailedSignIns >= limit)
            {
                var lockedUntil = now.AddMinutes(options.Value.LockoutMinutes);
                account.LockedUntilMs = lockedUntil.ToUnixTimeMilliseconds();
                account.FailedSignIns = 0;
                await accounts.SaveAsync(account, cancellationToken);
                await audit.AppendAsync("anonymous " + from, AuditActions.LockedOut, Subject(account), $"{limit} wrong passwords; locked until {lockedUntil:O}", cancellationToken);
                logger.LogWarning("Console account {Account} locked after {Count} wrong passwords", account.Id, limit);
                return (SignInResult.LockedOut, null, lockedUntil);
            }

            await accounts.SaveAsync(account, cancellationToken);
            await audit.AppendAsync("anonymous " + from, AuditActions.SignInFailed, Subject(account), $"wrong password ({account.FailedSignIns} of {limit})", cancellationToken);
            return (SignInResult.Wrong, null, null);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, password);
        }

        account.FailedSignIns = 0;
        account.LockedUntilMs = null;
        account.LastSignInAtMs = now.ToUnixTimeMilliseconds();
        await accounts.SaveAsync(account, cancellationToken);
        await audit.AppendAsync("console:" + account.Id, AuditActions.SignIn, Subject(account), from, cancellationToken);
        return (SignInResult.SignedIn, account, null);
    }

    /// <summary>A new account; null with the reason when it cannot be made.</summary>
    public async Task<(ConsoleAccount? Account, string? Problem)> CreateAsync(string email, string displayName, string role, string password, string actor, CancellationToken cancellationToken)
    {
        email = ConsoleAccount.Normalize(email);
        if (email.Length is < 3 or > 254 || !email.Contains('@'))
        {
            return (null, "email");
        }

        if (!ConsoleRoles.IsKnown(role))
        {
            return (null, "role");
        }

        if (password.Length < options.Value.MinPasswordLength)
        {
            return (null, "password");
        }

        var account = new ConsoleAccount
        {
            Email = email,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email.Split('@')[0] : displayName.Trim()[..Math.Min(100, displayName.Trim().Length)],
            Role = role,
            Stamp = NewStamp(),
            CreatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        account.PasswordHash = hasher.HashPassword(account, password);
        if (!await accounts.AddAsync(account, cancellationToken))
        {
            return (null, "taken");
        }

        await audit.AppendAsync(actor, AuditActions.AccountCreated, Subject(account), role, cancellationToken);
        return (account, null);
    }

    /// <summary>Lifts a lock (an owner's action).</summary>
    public async Task<bool> UnlockAsync(long id, string actor, CancellationToken cancellationToken)
    {
        if (await accounts.FindAsync(id, cancellationToken) is not { } account)
        {
            return false;
        }

        account.LockedUntilMs = null;
        account.FailedSignIns = 0;
        await accounts.SaveAsync(account, cancellationToken);
        await audit.AppendAsync(actor, AuditActions.AccountChanged, Subject(account), "unlocked", cancellationToken);
        return true;
    }

    /// <summary>Checks on every request that the cookie's account still exists, is enabled and has not changed password or role since.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (ConsoleUser.Of(context.Principal!) is not { } user)
        {
            context.RejectPrincipal();
            return;
        }

        var accounts = context.HttpContext.RequestServices.GetRequiredService<IConsoleAccounts>();
        var account = await accounts.FindAsync(user.Id, context.HttpContext.RequestAborted);
        if (account is null || account.Disabled || account.Stamp != context.Principal!.FindFirst(ConsoleUser.StampClaim)?.Value || account.Role != user.Role)
        {
            context.RejectPrincipal();
        }
    }

    public static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private static string Subject(ConsoleAccount account) => "account:" + account.Id;

    private static string Cut(string text) => text.Length <= 100 ? text : text[..100];
}

/// <summary>Creates the first owner from configuration when there is no owner yet.</summary>
public sealed class ConsoleOwnerSeed(IServiceScopeFactory scopes, IOptions<ConsoleOptions> options, ILogger<ConsoleOwnerSeed> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var seed = options.Value.Owner;
        if (string.IsNullOrWhiteSpace(seed.Email) || string.IsNullOrEmpty(seed.Password))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<IConsoleAccounts>();
        if (await accounts.AnyOwnerAsync(cancellationToken))
        {
            return;
        }

        var (account, problem) = await scope.ServiceProvider.GetRequiredService<ConsoleAuth>()
            .CreateAsync(seed.Email, seed.DisplayName ?? "", ConsoleRoles.Owner, seed.Password, "configuration", cancellationToken);
        if (account is null)
        {
            logger.LogError("The console owner from configuration ({Section}:Owner) was not created: {Problem} (passwords need {Min} characters)", ConsoleOptions.Section, problem, options.Value.MinPasswordLength);
            return;
        }

        logger.LogWarning("Created the console owner {Email} from configuration; the password setting is no longer used and can be removed", account.Email);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
