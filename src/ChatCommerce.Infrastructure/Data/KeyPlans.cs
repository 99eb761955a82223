namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// PostgreSQL: the hot path's statements (the intake's insert, a group's reads and writes,
/// delivery outcomes) reach rows through a key and nothing else. A command or batch of them
/// starts with <see cref="Statement"/>, which for the rest of its transaction asks the server to
/// plan each of them once a connection (a generic plan, kept with the prepared statement) and
/// to join only row by row through an index.
/// </summary>
/// <remarks>
/// The store's connections otherwise plan every execution for its own parameters
/// (<c>plan_cache_mode=force_custom_plan</c>, see <c>InfrastructureServices.PostgresConnectionString</c>):
/// a generic plan made while a table is young (every shop starts empty) may join by reading the
/// whole table, and the server would keep it for the connection's life. That planning was about
/// a sixth of the server's time on these statements in the bench (<c>pg_stat_statements</c>
/// with <c>track_planning</c>: 4.0–6.5 s of 27–42 s in three runs). With sequential scans, hash
/// joins and merge joins off, a key's join is a nested loop; so that its loop reaches the table
/// through the key's index whatever the table's size when the plan is made, a statement that joins
/// its arrays to a table also names the keys on the table itself (<c>"Id"=ANY(@ids)</c> beside
/// <c>"Id"=v.id</c>). Without that the planner may make the table the loop's outer side and walk one
/// of its indexes whole, which it prefers when it believes the table holds a row or two (an outbox
/// that keeps only messages in flight, a young shop's tables), and the connection keeps that plan:
/// a Messenger receipt's statement walked every entry of the outbox's conversation index, those of
/// messages removed since included (4.8 ms a statement at 400 turns/s). So the plan can be made
/// once. The settings
/// are local to the transaction (an implicit one for a command outside a transaction), so the
/// owner's reports on the same connections are planned as before. Only batches in a transaction
/// of their own start with it (the intake, the group's reads and commit, the sender's outcomes,
/// each in a scope of its own): in a turn's transaction it would also hold for the turn's
/// other statements.
/// <para>
/// A status written into such a statement as a literal (<c>"Status"='Pending'</c>) leaves the
/// planner another way in: the partial index of that status, walked whole with the key as a
/// filter, which it takes when the statistics of the table's last analyse say that hardly a row
/// has that status (a new shop's tables, a table analysed between two loads). The plan is kept,
/// and with 47,000 events pending a group's inbox completion walked all of them: 103 ms instead of
/// 0.1 ms. Statements that reach rows by key therefore name the status as a parameter, which no
/// partial index's condition can be proved from in a generic plan, and run under these settings
/// (single statements through <see cref="DbWrites.ExecuteByKeyAsync"/>). A plan made for the
/// values sees the status as a constant again: the outbox's reschedule walked 49,000 pending
/// messages so (78 ms) until it ran under them. A turn's own transaction does without them (its
/// inbox completion is planned for its values and takes the key there).
/// </para>
/// </remarks>
internal static class KeyPlans
{
    /// <summary>Returns one row (the settings' new values), which the caller skips.</summary>
    public const string Statement =
        "SELECT set_config('plan_cache_mode','force_generic_plan',true),set_config('enable_seqscan','off',true),"
        + "set_config('enable_hashjoin','off',true),set_config('enable_mergejoin','off',true)";

    /// <summary>
    /// For the rest of the transaction, an index is walked entry by entry instead of through a
    /// bitmap. The recovery's claim of abandoned outbox messages looks through the index of pending
    /// messages, which still holds entries of messages delivered since (until vacuum removes them).
    /// A walk marks each such entry dead as it passes it, so the next claim skips it; a bitmap scan
    /// never does, and during the bench's load read 12,000–16,000 of them (about 2,000 pages of the
    /// table) every 5 s, about 100 ms a claim. Returns one row, which the caller skips.
    /// </summary>
    public const string IndexWalk = "SELECT set_config('enable_bitmapscan','off',true)";

    /// <summary>Adds the settings as the batch's first statement (its row is read and dropped in order with the others).</summary>
    public static void Add(SqlBatch batch) => batch.Add(Statement, returnsRows: true);

    /// <summary>
    /// One statement under these settings inside a transaction that goes on after it (a turn's):
    /// the settings are put back to the connection's own after it, so the transaction's later
    /// statements are planned as they would have been.
    /// </summary>
    public static string OneStatement(string sql) => Statement + ";" + sql + ";" + Restore;

    /// <summary>
    /// Puts the connection's own settings back inside a transaction that goes on: after
    /// <see cref="OneStatement"/>'s statement, and after a span of statements run under
    /// <see cref="Statement"/> (an order placed inside a turn, see <c>EfOrderStore.PlaceAsync</c>).
    /// </summary>
    public const string Restore =
        "SET LOCAL plan_cache_mode TO DEFAULT;SET LOCAL enable_seqscan TO DEFAULT;SET LOCAL enable_hashjoin TO DEFAULT;SET LOCAL enable_mergejoin TO DEFAULT";
}
