using ChatCommerce.Domain.Staff;
using ChatCommerce.Web.Console;
using Microsoft.Data.Sqlite;

namespace ChatCommerce.IntegrationTests.Console;

/// <summary>The one-time command that makes the console's first owner.</summary>
public sealed class ConsoleOwnerCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cc-owner-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task MakesTheFirstOwnerOnceWithThePasswordFromStandardInput()
    {
        Assert.Null(Environment.GetEnvironmentVariable(ConsoleOwnerCommand.PasswordVariable));
        var settings = new[] { "--ChatCommerce:DataDirectory=" + _dir, "--ChatCommerce:Language:ModelDirectory=" + Path.Combine(Path.GetTempPath(), "cc-models-tests") };
        var output = new StringWriter();
        Assert.Equal(1, await ConsoleOwnerCommand.RunAsync(["owner@shop.test", .. settings], new StringReader("short"), output));
        Assert.Contains("Not created: password", output.ToString());

        output = new StringWriter();
        Assert.Equal(0, await ConsoleOwnerCommand.RunAsync(["owner@shop.test", "Ploy", .. settings], new StringReader("a-long-enough-password"), output));
        Assert.Contains("Created the console owner owner@shop.test", output.ToString());

        output = new StringWriter();
        Assert.Equal(1, await ConsoleOwnerCommand.RunAsync(["second@shop.test", .. settings], new StringReader("another-long-password"), output));
        Assert.Contains("An owner exists already", output.ToString());
        Assert.Equal(2, await ConsoleOwnerCommand.RunAsync(["not-an-email", .. settings], new StringReader(""), new StringWriter()));

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "chatcommerce.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Email, Role, DisplayName, PasswordHash FROM console_accounts";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("owner@shop.test", reader.GetString(0));
        Assert.Equal(ConsoleRoles.Owner, reader.GetString(1));
        Assert.Equal("Ploy", reader.GetString(2));
        Assert.DoesNotContain("a-long-enough-password", reader.GetString(3));
        Assert.False(await reader.ReadAsync());
    }
}
