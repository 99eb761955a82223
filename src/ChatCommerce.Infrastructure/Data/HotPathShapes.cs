namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Binds once, read-only, a parameter of each shape the hot path's statements bind on
/// PostgreSQL (columns of events, turns and messages as arrays, with and without nulls), so that
/// Npgsql resolves its converters for them before the first shopper's webhook needs them.
/// </summary>
public static class HotPathShapes
{
    /// <summary>Returns how many parameters were bound (0 on SQLite, which binds no arrays).</summary>
    public static async Task<int> BindAsync(ChatCommerceDbContext db, CancellationToken cancellationToken)
    {
        // The provider as DbWrites tells it: by the context the host registered.
        if (db is not PostgresChatCommerceDbContext)
        {
            return 0;
        }

        await using var use = await db.UseConnectionAsync(cancellationToken);
        await using var command = use.Connection.Command(null,
            "SELECT cardinality(@s)+cardinality(@sn)+cardinality(@l)+cardinality(@ln)+cardinality(@b)+cardinality(@i)+cardinality(@d)+cardinality(@dn), @t, @n");
        command.With("@s", new[] { "a" })
            .With("@sn", new string?[] { null, "b" })
            .With("@l", new[] { 1L })
            .With("@ln", new long?[] { null, 2L })
            .With("@b", new[] { true })
            .With("@i", new[] { 1 })
            .With("@d", new[] { 0.5 })
            .With("@dn", new double?[] { null, 0.5 })
            .With("@t", "t")
            .With("@n", 1L);
        // Binding is what resolves the converters; the row it returns is not needed.
        await command.ExecuteNonQueryAsync(cancellationToken);
        return command.Parameters.Count;
    }
}
