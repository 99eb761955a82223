using System.Data.Common;
using System.Globalization;
using ChatCommerce.Conversations.State;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>
/// Erases a customer in one write transaction: what only identifies them is deleted (the customer,
/// identities, phones, addresses, tags, raw webhook events, queued messages, conversation state,
/// hand-offs, staff notes, slip and complaint pictures); what the shop must keep is blanked
/// (orders lose name, phone, address and user id; cases their text; touchpoints their text and
/// whose they were; audit lines their subject). Then the bytes leave the files: SQLite runs with
/// secure_delete for the erasure, is vacuumed and its WAL truncated; PostgreSQL's touched tables
/// are vacuumed. Redis keys naming the customer go too.
/// </summary>
public sealed class SqlCustomerEraser(ChatCommerceDbContext db, DbWrites writes, SqliteWriteGate gate, IKeyValueEraser keyValues, TimeProvider clock, ILogger<SqlCustomerEraser> logger) : ICustomerEraser
{
    public async Task<ErasureReport?> EraseAsync(string customerId, string requestedBy, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return null;
        }

        // The customer and any customer once merged into it (kept for undoing the merge).
        var customers = await db.Customers.Where(c => c.Id == customerId || c.MergedIntoId == customerId).Select(c => c.Id).ToListAsync(cancellationToken);
        var identities = await db.Contacts.AsNoTracking().Where(k => k.CustomerId != null && customers.Contains(k.CustomerId)).Select(k => new { k.Channel, k.UserId }).ToListAsync(cancellationToken);
        var conversations = identities.Select(i => i.Channel + ":" + i.UserId).ToList();
        var users = identities.Select(i => i.UserId).Distinct().ToList();
        var stateKeys = identities.Select(i => ChannelNames.TryParse(i.Channel, out var channel) ? ConversationStateRepository.Key(new ConversationKey(channel, i.UserId)) : null).OfType<string>().ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => db.Contacts.Any(k => k.CustomerId != null && customers.Contains(k.CustomerId) && k.Channel == o.Channel && k.UserId == o.UserId)).Select(o => new { o.Id, o.Number }).ToListAsync(cancellationToken);
        var orderIds = orders.Select(o => o.Id).ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => conversations.Contains(c.Conversation)).Select(c => c.Id).ToListAsync(cancellationToken);
        var pictures = (await db.Payments.AsNoTracking().Where(p => orderIds.Contains(p.OrderId) && p.SlipSha256 != null).Select(p => p.SlipSha256!).ToListAsync(cancellationToken))
            .Concat(await db.CaseEvents.AsNoTracking().Where(e => cases.Contains(e.CaseId) && e.Kind == Domain.Cases.CaseEventKinds.Photo && e.Reference != null).Select(e => e.Reference!).ToListAsync(cancellationToken))
            .Distinct().ToList();
        var token = "erased:" + Guid.NewGuid().ToString("N")[..12];
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);

        await using (var use = await db.UseConnectionAsync(cancellationToken))
        {
            var connection = use.Connection;
            await using var transaction = await writes.BeginAsync(cancellationToken);
            if (writes.IsSqlite)
            {
                // Deleted and overwritten content is zeroed in the pages, not left in free space.
                await RunAsync(connection, "PRAGMA secure_delete=ON", [], cancellationToken);
            }

            async Task StepAsync(string place, string sql, params (string Name, object? Value)[] parameters) =>
                rows[place] = rows.GetValueOrDefault(place) + await RunAsync(connection, sql, parameters, cancellationToken);

            var (conv, convParams) = In("@c", conversations);
            var (user, userParams) = In("@u", users);
            var (cust, custParams) = In("@k", customers);
            var (state, stateParams) = In("@s", stateKeys);
            var (order, orderParams) = In("@o", orderIds.Cast<object>().ToList());
            var (caseIn, caseParams) = In("@x", cases.Cast<object>().ToList());
            var (picture, pictureParams) = In("@p", pictures);
            await StepAsync("inbox", $"DELETE FROM inbox WHERE \"Conversation\" IN ({conv})", convParams);
            // A group or room keeps the customer's events under the group: found by their user id in the event.
            foreach (var id in users)
            {
                await StepAsync("inbox", "DELETE FROM inbox WHERE \"Payload\" LIKE @like", ("@like", "%" + id + "%"));
            }

            await StepAsync("outbox", $"DELETE FROM outbox WHERE \"Conversation\" IN ({conv})", convParams);
            await StepAsync("conversation_states", $"DELETE FROM conversation_states WHERE \"Key\" IN ({state})", stateParams);
            await StepAsync("handoffs", $"DELETE FROM handoffs WHERE \"Conversation\" IN ({conv})", convParams);
            await StepAsync("staff_notes", $"DELETE FROM staff_notes WHERE \"Conversation\" IN ({conv})", convParams);
            await StepAsync("touchpoints", $"""
                UPDATE touchpoints SET "Conversation" = @token, "Text" = NULL, "Detail" = NULL, "MessageId" = NULL, "UserId" = NULL, "CustomerId" = NULL
                WHERE "Conversation" IN ({conv}) OR "CustomerId" IN ({cust}) OR "UserId" IN ({user})
                """, [.. convParams, .. custParams, .. userParams, ("@token", token)]);
            await StepAsync("orders", $"""
                UPDATE orders SET "CustomerName" = '', "Phone" = '', "Address" = '', "UserId" = @token, "IdempotencyKey" = @token || ':' || CAST("Id" AS VARCHAR(20))
                WHERE "Id" IN ({order})
                """, [.. orderParams, ("@token", token)]);
            // Staff's free-text notes on the order's trail may name the customer; the trail itself stays.
            await StepAsync("order_history", $"UPDATE order_history SET \"Note\" = NULL WHERE \"OrderId\" IN ({order})", orderParams);
            await StepAsync("payments", $"UPDATE payments SET \"Note\" = NULL WHERE \"OrderId\" IN ({order})", orderParams);
            await StepAsync("payment_history", $"UPDATE payment_history SET \"Note\" = NULL WHERE \"PaymentId\" IN (SELECT \"Id\" FROM payments WHERE \"OrderId\" IN ({order}))", orderParams);
            await StepAsync("cases", $"UPDATE cases SET \"Conversation\" = @token, \"Text\" = '', \"CsatComment\" = NULL, \"OpenedByEvent\" = '' WHERE \"Id\" IN ({caseIn})", [.. caseParams, ("@token", token)]);
            await StepAsync("case_events", $"UPDATE case_events SET \"Text\" = NULL WHERE \"CaseId\" IN ({caseIn})", caseParams);
            await StepAsync("slips", $"DELETE FROM slips WHERE \"Sha256\" IN ({picture})", pictureParams);
            // The audit log keeps who did what and when; what it was done to no longer names the customer.
            var subjects = conversations.Concat(customers.Select(c => "customer:" + c)).Concat(cases.Select(c => "case:" + c.ToString(CultureInfo.InvariantCulture))).Concat(orders.Select(o => "order:" + o.Number)).ToList();
            var (subject, subjectParams) = In("@a", subjects);
            await StepAsync("audit_log", $"UPDATE audit_log SET \"Subject\" = @token, \"Detail\" = NULL WHERE \"Subject\" IN ({subject})", [.. subjectParams, ("@token", token)]);
            await StepAsync("surveys", $"UPDATE surveys SET \"CustomerId\" = @token, \"Conversation\" = @token WHERE \"CustomerId\" IN ({cust})", [.. custParams, ("@token", token)]);
            await StepAsync("nudges", $"UPDATE nudges SET \"Conversation\" = @token, \"CustomerId\" = NULL WHERE \"Conversation\" IN ({conv}) OR \"CustomerId\" IN ({cust})", [.. convParams, .. custParams, ("@token", token)]);
            await StepAsync("basket_activity", $"DELETE FROM basket_activity WHERE \"Conversation\" IN ({conv}) OR \"CustomerId\" IN ({cust})", [.. convParams, .. custParams]);
            // The broadcast keeps its figures; a message not yet sent to them never will be.
            await StepAsync("broadcast_recipients", $"UPDATE broadcast_recipients SET \"CustomerId\" = @token, \"UserId\" = @token, \"Reason\" = CASE WHEN \"State\" = 'pending' THEN 'erased' ELSE \"Reason\" END, \"State\" = CASE WHEN \"State\" = 'pending' THEN 'skipped' ELSE \"State\" END WHERE \"CustomerId\" IN ({cust})", [.. custParams, ("@token", token)]);
            await StepAsync("order_promotions", $"UPDATE order_promotions SET \"CustomerId\" = NULL WHERE \"CustomerId\" IN ({cust})", custParams);
            await StepAsync("link_codes", $"DELETE FROM link_codes WHERE \"CustomerId\" IN ({cust})", custParams);
            await StepAsync("customer_merges", $"DELETE FROM customer_merges WHERE \"TargetId\" IN ({cust}) OR \"SourceId\" IN ({cust})", custParams);
            await StepAsync("customer_phones", $"DELETE FROM customer_phones WHERE \"CustomerId\" IN ({cust})", custParams);
            await StepAsync("customer_addresses", $"DELETE FROM customer_addresses WHERE \"CustomerId\" IN ({cust})", custParams);
            await StepAsync("customer_tags", $"DELETE FROM customer_tags WHERE \"CustomerId\" IN ({cust})", custParams);
            await StepAsync("contacts", $"DELETE FROM contacts WHERE \"CustomerId\" IN ({cust})", custParams);
            await StepAsync("customers", $"DELETE FROM customers WHERE \"Id\" IN ({cust})", custParams);
            db.AuditLog.Add(new AuditEntry
            {
                AtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
                Actor = requestedBy,
                Action = AuditActions.CustomerErased,
                Subject = token,
                Detail = string.Join(", ", rows.Where(r => r.Value > 0).Select(r => $"{r.Key} {r.Value}")),
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (writes.IsSqlite)
            {
                await RunAsync(connection, "PRAGMA secure_delete=OFF", [], cancellationToken);
            }
        }

        await ScrubFilesAsync(cancellationToken);
        rows["redis"] = await keyValues.EraseAsync([.. users, .. conversations], cancellationToken);
        logger.LogInformation("Customer erased ({Identities} identities): {Rows}", identities.Count, string.Join(", ", rows.Select(r => $"{r.Key} {r.Value}")));
        return new ErasureReport(customerId, identities.Count, rows, clock.GetUtcNow());
    }

    /// <summary>
    /// SQLite: at once, VACUUM rebuilds the file without free pages or stale cell bytes, and the
    /// WAL is truncated (it still holds the pages as they were). PostgreSQL: the deletes and
    /// updates left old row versions and index entries whose bytes only a rewrite of the table
    /// removes (VACUUM FULL, which locks the table while it runs), so the rewrite is left to the
    /// nightly scrub, or to the owner's "scrub now"; until then nothing can read them.
    /// </summary>
    private async Task ScrubFilesAsync(CancellationToken cancellationToken)
    {
        if (writes.IsSqlite)
        {
            await ScrubAsync(evenIfNothingPending: true, cancellationToken);
            return;
        }

        await using var transaction = await writes.BeginAsync(cancellationToken);
        await SetScrubPendingAsync(true, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ScrubReport> ScrubAsync(bool evenIfNothingPending, CancellationToken cancellationToken)
    {
        var pending = await db.Settings.AsNoTracking().AnyAsync(s => s.Key == ScrubKey, cancellationToken);
        if (!pending && !evenIfNothingPending)
        {
            return new ScrubReport(false, 0, TimeSpan.Zero);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using (var use = await db.UseConnectionAsync(cancellationToken))
        {
            var connection = use.Connection;
            if (writes.IsSqlite)
            {
                using (await gate.EnterAsync(urgent: true, cancellationToken))
                {
                    await RunAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)", [], cancellationToken);
                    await RunAsync(connection, "VACUUM", [], cancellationToken);
                    await RunAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)", [], cancellationToken);
                }
            }
            else
            {
                foreach (var table in Tables)
                {
                    await RunAsync(connection, "VACUUM FULL " + table, [], cancellationToken);
                }
            }
        }

        await using (var transaction = await writes.BeginAsync(cancellationToken))
        {
            await SetScrubPendingAsync(false, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        logger.LogInformation("Scrubbed the files of {Tables} tables in {Seconds:0.0} s", writes.IsSqlite ? 1 : Tables.Length, watch.Elapsed.TotalSeconds);
        return new ScrubReport(pending, writes.IsSqlite ? 1 : Tables.Length, watch.Elapsed);
    }

    private const string ScrubKey = "erasure:scrub-pending";

    private async Task SetScrubPendingAsync(bool pending, CancellationToken cancellationToken)
    {
        if (pending)
        {
            await SettingRows.SaveAsync(db, ScrubKey, "true", clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        }
        else
        {
            await db.Settings.Where(s => s.Key == ScrubKey).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>The tables PostgreSQL rewrites after an erasure (<c>inbox_open</c> is PostgreSQL's alone: its dead rows still name the conversation).</summary>
    private static readonly string[] Tables =
    [
        "inbox", "inbox_open", "outbox", "conversation_states", "handoffs", "staff_notes", "touchpoints", "orders", "order_history", "payments", "payment_history", "cases", "case_events",
        "slips", "audit_log", "customer_phones", "customer_addresses", "customer_tags", "contacts", "customers", "erasure_requests", "link_codes", "customer_merges", "surveys", "nudges", "basket_activity", "order_promotions", "broadcast_recipients",
    ];

    private async Task<int> RunAsync(DbConnection connection, string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(db.Database.CurrentTransaction, sql);
        command.CommandTimeout = 0;
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>"@c0,@c1" and their values; a list that matches nothing when empty.</summary>
    private static (string Sql, (string Name, object? Value)[] Parameters) In<T>(string prefix, IReadOnlyList<T> values)
    {
        if (values.Count == 0)
        {
            return ("NULL", []);
        }

        var names = values.Select((_, i) => prefix + i.ToString(CultureInfo.InvariantCulture)).ToList();
        return (string.Join(",", names), names.Select((n, i) => (n, (object?)values[i])).ToArray());
    }
}
