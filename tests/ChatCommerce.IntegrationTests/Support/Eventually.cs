namespace ChatCommerce.IntegrationTests.Support;

/// <summary>Waits for work the host does after answering a webhook.</summary>
public static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what ?? "a condition"}; last value: {value}");
            }

            await Task.Delay(25);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null) =>
        ValueAsync(condition, v => v, timeout, what);

    /// <summary>Waits for a condition that has to be read asynchronously (from the database).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what ?? "a condition"}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Lets the host do whatever it would do, so a test can check that it did nothing more.</summary>
    public static Task QuietAsync() => Task.Delay(TimeSpan.FromMilliseconds(900));
}
