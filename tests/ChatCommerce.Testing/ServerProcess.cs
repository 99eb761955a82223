using System.Diagnostics;

namespace ChatCommerce.Testing;

/// <summary>Runs a command to completion and fails loudly with its output when it fails.</summary>
public static class ServerProcess
{
    public static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

    public static string Find(string name, params string[] globs)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (var glob in globs)
        {
            var parent = Path.GetDirectoryName(glob)!;
            var pattern = Path.GetFileName(glob);
            var root = parent.Split('*')[0];
            if (Directory.Exists(root))
            {
                var match = Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories).Where(f => f.EndsWith("/bin/" + pattern, StringComparison.Ordinal)).OrderDescending().FirstOrDefault();
                if (match is not null)
                {
                    return match;
                }
            }
        }

        throw new FileNotFoundException($"{name} is not installed: run ./scripts/test.sh, which installs it.");
    }
}
