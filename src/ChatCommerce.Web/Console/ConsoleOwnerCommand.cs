using ChatCommerce.Domain.Staff;
using ChatCommerce.Infrastructure.Data;

namespace ChatCommerce.Web.Console;

/// <summary>
/// <c>ChatCommerce.Web create-owner &lt;email&gt; [name] [--Setting=value …]</c>: makes the console's first owner in the
/// configured database, the password read from the environment variable
/// <c>CHATCOMMERCE_OWNER_PASSWORD</c> or else from standard input (never from the command line,
/// which other users of the machine can see). Refused once an owner exists.
/// </summary>
public static class ConsoleOwnerCommand
{
    public const string PasswordVariable = "CHATCOMMERCE_OWNER_PASSWORD";

    public static async Task<int> RunAsync(string[] args, TextReader? input = null, TextWriter? output = null)
    {
        output ??= System.Console.Out;
        // Settings for the host (--ChatCommerce:DataDirectory=…, --ConnectionStrings:Postgres=…) may follow.
        var hostArgs = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        args = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        if (args.Length is < 1 or > 2 || !args[0].Contains('@'))
        {
            await output.WriteLineAsync("usage: create-owner <email> [display name] [--Setting=value …]   (password from $" + PasswordVariable + " or standard input)");
            return 2;
        }

        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            await output.WriteLineAsync("Password:");
            password = (input ?? System.Console.In).ReadLine() ?? "";
        }

        await using var app = ChatCommerceApp.Build(hostArgs);
        // Only the schema step of start-up: no web server, no jobs.
        await app.Services.GetServices<IHostedService>().OfType<DatabaseInitializer>().Single().StartAsync(CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<IConsoleAccounts>().AnyOwnerAsync(CancellationToken.None))
        {
            await output.WriteLineAsync("An owner exists already: owners add accounts in the console (/console/accounts).");
            return 1;
        }

        var (account, problem) = await scope.ServiceProvider.GetRequiredService<ConsoleAuth>()
            .CreateAsync(args[0], args.Length > 1 ? args[1] : "", ConsoleRoles.Owner, password, "cli", CancellationToken.None);
        if (account is null)
        {
            await output.WriteLineAsync($"Not created: {problem} (a valid e-mail; a password of at least {scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConsoleOptions>>().Value.MinPasswordLength} characters).");
            return 1;
        }

        await output.WriteLineAsync($"Created the console owner {account.Email}: sign in at /console/login.");
        return 0;
    }
}
