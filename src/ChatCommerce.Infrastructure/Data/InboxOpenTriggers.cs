namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// PostgreSQL: the triggers that keep <c>inbox_open</c> equal to the inbox's open rows (pending or
/// dead-lettered). One run a statement, over the rows it changed (transition tables), so an intake
/// write of many events or a commit group's completion of many is one insert or one delete here.
/// Whatever changes the inbox (the intake, a turn's completion, a failure, a dead letter and its
/// retry, the retention job, a customer's erasure) keeps the two equal with no code of its own.
/// The migration <c>InboxOpenEvents</c> runs <see cref="Create"/> as it is: a change to it needs a
/// migration of its own that replaces the function, never an edit of this text alone.
/// </summary>
public static class InboxOpenTriggers
{
    public const string Create = """
        CREATE FUNCTION inbox_open_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            INSERT INTO inbox_open ("Id","Conversation","EventTimestampMs","ReceivedAtMs","NextAttemptAtMs","Dead")
            SELECT n."Id", n."Conversation", n."EventTimestampMs", n."ReceivedAtMs", n."NextAttemptAtMs", n."Status"<>'Pending'
            FROM inbox_new n WHERE n."Status" IN ('Pending','DeadLettered');
          ELSIF TG_OP = 'UPDATE' THEN
            DELETE FROM inbox_open o USING inbox_new n WHERE o."Id"=n."Id" AND n."Status" NOT IN ('Pending','DeadLettered');
            INSERT INTO inbox_open ("Id","Conversation","EventTimestampMs","ReceivedAtMs","NextAttemptAtMs","Dead")
            SELECT n."Id", n."Conversation", n."EventTimestampMs", n."ReceivedAtMs", n."NextAttemptAtMs", n."Status"<>'Pending'
            FROM inbox_new n JOIN inbox_old d ON d."Id"=n."Id"
            WHERE n."Status" IN ('Pending','DeadLettered')
              AND (d."Status", d."Conversation", d."EventTimestampMs", d."ReceivedAtMs", d."NextAttemptAtMs")
                  IS DISTINCT FROM (n."Status", n."Conversation", n."EventTimestampMs", n."ReceivedAtMs", n."NextAttemptAtMs")
            ON CONFLICT ("Id") DO UPDATE SET "Conversation"=excluded."Conversation", "EventTimestampMs"=excluded."EventTimestampMs",
              "ReceivedAtMs"=excluded."ReceivedAtMs", "NextAttemptAtMs"=excluded."NextAttemptAtMs", "Dead"=excluded."Dead";
          ELSE
            DELETE FROM inbox_open o USING inbox_old d WHERE o."Id"=d."Id";
          END IF;
          RETURN NULL;
        END
        $$;
        CREATE TRIGGER inbox_open_inserted AFTER INSERT ON inbox REFERENCING NEW TABLE AS inbox_new
          FOR EACH STATEMENT EXECUTE FUNCTION inbox_open_sync();
        CREATE TRIGGER inbox_open_updated AFTER UPDATE ON inbox REFERENCING OLD TABLE AS inbox_old NEW TABLE AS inbox_new
          FOR EACH STATEMENT EXECUTE FUNCTION inbox_open_sync();
        CREATE TRIGGER inbox_open_deleted AFTER DELETE ON inbox REFERENCING OLD TABLE AS inbox_old
          FOR EACH STATEMENT EXECUTE FUNCTION inbox_open_sync();
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS inbox_open_inserted ON inbox;
        DROP TRIGGER IF EXISTS inbox_open_updated ON inbox;
        DROP TRIGGER IF EXISTS inbox_open_deleted ON inbox;
        DROP FUNCTION IF EXISTS inbox_open_sync();
        """;
}
