using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Staff;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>Link codes and merges in the relational database; a merge is one write transaction (inside a turn, the turn's).</summary>
public sealed class EfCustomerLinks(ChatCommerceDbContext db, DbWrites writes, ICustomerScores scores, IAuditLog audit, TimeProvider clock) : ICustomerLinks
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<string> NewCodeAsync(string customerId, string channel, CancellationToken cancellationToken)
    {
        var code = RandomNumberGenerator.GetString(LinkCodeText.Alphabet, 8);
        var now = clock.GetUtcNow();
        await using var transaction = await writes.BeginAsync(cancellationToken);
        await db.LinkCodes.Where(c => c.CustomerId == customerId && c.UsedAtMs == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.ExpiresAtMs, now.ToUnixTimeMilliseconds()), cancellationToken);
        db.LinkCodes.Add(new LinkCode
        {
            CodeHash = Hash(code),
            CustomerId = customerId,
            Channel = channel,
            CreatedAtMs = now.ToUnixTimeMilliseconds(),
            ExpiresAtMs = (now + ICustomerLinks.CodeLifetime).ToUnixTimeMilliseconds(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return code[..4] + "-" + code[4..];
    }

    public async Task<LinkResult?> UseCodeAsync(string code, string customerId, string channel, CancellationToken cancellationToken)
    {
        if (LinkCodeText.Normalise(code) is not { } normal)
        {
            return null;
        }

        var hash = Hash(normal);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var found = await db.LinkCodes.AsNoTracking().FirstOrDefaultAsync(c => c.CodeHash == hash && c.UsedAtMs == null && c.ExpiresAtMs > now, cancellationToken);
        if (found is null)
        {
            return null;
        }

        if (found.CustomerId == customerId)
        {
            return new LinkResult(LinkOutcome.AlreadyLinked, customerId, found.Channel);
        }

        if (found.Channel == channel)
        {
            return new LinkResult(LinkOutcome.SameChannel, customerId, found.Channel);
        }

        await using var transaction = await writes.BeginAsync(cancellationToken);
        await db.LinkCodes.Where(c => c.Id == found.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAtMs, now), cancellationToken);
        var merged = await MergeCoreAsync(found.CustomerId, customerId, "shopper:link-code", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return merged is null ? null : new LinkResult(LinkOutcome.Linked, found.CustomerId, found.Channel);
    }

    public async Task<CustomerMerge?> MergeAsync(string targetId, string sourceId, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var merge = await MergeCoreAsync(targetId, sourceId, actor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return merge;
    }

    /// <summary>
    /// The source's identities and touchpoints go to the target; its phones, addresses and tags
    /// are copied onto it; the later consent answer of the two stands; the source stays, marked
    /// merged. What moved is recorded so the merge can be undone.
    /// </summary>
    private async Task<CustomerMerge?> MergeCoreAsync(string targetId, string sourceId, string actor, CancellationToken cancellationToken)
    {
        var target = await db.Customers.FirstOrDefaultAsync(c => c.Id == targetId, cancellationToken);
        var source = await db.Customers.FirstOrDefaultAsync(c => c.Id == sourceId, cancellationToken);
        if (target is null || source is null || targetId == sourceId || target.MergedIntoId is not null || source.MergedIntoId is not null)
        {
            return null;
        }

        var identities = await db.Contacts.Where(k => k.CustomerId == sourceId).ToListAsync(cancellationToken);
        var phones = await db.CustomerPhones.AsNoTracking().Where(p => p.CustomerId == sourceId).ToListAsync(cancellationToken);
        var targetPhones = await db.CustomerPhones.AsNoTracking().Where(p => p.CustomerId == targetId).Select(p => p.Phone).ToListAsync(cancellationToken);
        var addresses = await db.CustomerAddresses.AsNoTracking().Where(a => a.CustomerId == sourceId).ToListAsync(cancellationToken);
        var targetAddresses = await db.CustomerAddresses.AsNoTracking().Where(a => a.CustomerId == targetId).Select(a => a.Address + "\n" + a.Postcode).ToListAsync(cancellationToken);
        var tags = await db.CustomerTags.AsNoTracking().Where(t => t.CustomerId == sourceId).Select(t => t.Tag).ToListAsync(cancellationToken);
        var targetTags = await db.CustomerTags.AsNoTracking().Where(t => t.CustomerId == targetId).Select(t => t.Tag).ToListAsync(cancellationToken);

        var moved = new Moved(
            identities.Select(k => new MovedIdentity(k.Channel, k.UserId)).ToList(),
            phones.Where(p => !targetPhones.Contains(p.Phone)).Select(p => p.Phone).ToList(),
            [],
            tags.Except(targetTags).ToList());
        foreach (var identity in identities)
        {
            identity.CustomerId = targetId;
        }

        foreach (var phone in phones.Where(p => moved.Phones.Contains(p.Phone)))
        {
            db.CustomerPhones.Add(new CustomerPhone { CustomerId = targetId, Phone = phone.Phone, FirstUsedAtMs = phone.FirstUsedAtMs, LastUsedAtMs = phone.LastUsedAtMs });
        }

        var copies = addresses.Where(a => !targetAddresses.Contains(a.Address + "\n" + a.Postcode))
            .Select(a => new CustomerAddress { CustomerId = targetId, Name = a.Name, Address = a.Address, Postcode = a.Postcode, LastUsedAtMs = a.LastUsedAtMs }).ToList();
        db.CustomerAddresses.AddRange(copies);
        db.CustomerTags.AddRange(moved.Tags.Select(t => new CustomerTag { CustomerId = targetId, Tag = t }));
        if (source.ConsentAtMs > (target.ConsentAtMs ?? -1))
        {
            (target.Consent, target.ConsentAtMs, target.ConsentChannel, target.ConsentWording) = (source.Consent, source.ConsentAtMs, source.ConsentChannel, source.ConsentWording);
        }

        target.DisplayName ??= source.DisplayName;
        target.PictureUrl ??= source.PictureUrl;
        target.Birthday ??= source.Birthday;
        target.Notes = string.Join("\n", new[] { target.Notes, source.Notes }.Where(n => !string.IsNullOrEmpty(n))) is { Length: > 0 } notes ? notes : null;
        target.LastSurveyAtMs = Max(target.LastSurveyAtMs, source.LastSurveyAtMs);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        target.UpdatedAtMs = now;
        source.MergedIntoId = targetId;
        source.UpdatedAtMs = now;
        await db.SaveChangesAsync(cancellationToken);
        moved = moved with { Addresses = copies.Select(a => a.Id).ToList() };

        await db.Interactions.Where(t => t.CustomerId == sourceId).ExecuteUpdateAsync(u => u.SetProperty(t => t.CustomerId, targetId), cancellationToken);
        var record = new MergeRecord { TargetId = targetId, SourceId = sourceId, Actor = actor, MergedAtMs = now, Moved = JsonSerializer.Serialize(moved, Json) };
        db.MergeRecords.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(actor, AuditActions.CustomersMerged, "customer:" + targetId, "merged customer:" + sourceId, cancellationToken);
        await scores.RescoreCustomerAsync(targetId, cancellationToken);
        return View(record, moved);
    }

    public async Task<CustomerMerge?> UndoAsync(long mergeId, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var record = await db.MergeRecords.FirstOrDefaultAsync(m => m.Id == mergeId && m.UndoneAtMs == null, cancellationToken);
        var source = record is null ? null : await db.Customers.FirstOrDefaultAsync(c => c.Id == record.SourceId && c.MergedIntoId == record.TargetId, cancellationToken);
        if (record is null || source is null || JsonSerializer.Deserialize<Moved>(record.Moved, Json) is not { } moved)
        {
            return null;
        }

        foreach (var identity in moved.Identities)
        {
            await db.Contacts.Where(k => k.Channel == identity.Channel && k.UserId == identity.UserId && k.CustomerId == record.TargetId)
                .ExecuteUpdateAsync(u => u.SetProperty(k => k.CustomerId, record.SourceId), cancellationToken);
            await db.Interactions.Where(t => t.Channel == identity.Channel && t.UserId == identity.UserId && t.CustomerId == record.TargetId)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.CustomerId, record.SourceId), cancellationToken);
        }

        await db.CustomerPhones.Where(p => p.CustomerId == record.TargetId && moved.Phones.Contains(p.Phone)).ExecuteDeleteAsync(cancellationToken);
        await db.CustomerAddresses.Where(a => a.CustomerId == record.TargetId && moved.Addresses.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.CustomerTags.Where(t => t.CustomerId == record.TargetId && moved.Tags.Contains(t.Tag)).ExecuteDeleteAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        source.MergedIntoId = null;
        source.UpdatedAtMs = now;
        record.UndoneAtMs = now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(actor, AuditActions.MergeUndone, "customer:" + record.TargetId, "gave back customer:" + record.SourceId, cancellationToken);
        await scores.RescoreCustomerAsync(record.TargetId, cancellationToken);
        await scores.RescoreCustomerAsync(record.SourceId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return View(record, moved);
    }

    public async Task<IReadOnlyList<CustomerMerge>> MergesAsync(string customerId, CancellationToken cancellationToken) =>
        (await db.MergeRecords.AsNoTracking().Where(m => m.TargetId == customerId || m.SourceId == customerId).OrderByDescending(m => m.Id).ToListAsync(cancellationToken))
        .Select(m => View(m, JsonSerializer.Deserialize<Moved>(m.Moved, Json)!)).ToList();

    private static CustomerMerge View(MergeRecord m, Moved moved) => new(
        m.Id, m.TargetId, m.SourceId, m.Actor, DateTimeOffset.FromUnixTimeMilliseconds(m.MergedAtMs), Sql.Time(m.UndoneAtMs), moved.Identities.Count);

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static string Hash(string normalCode) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalCode)));

    private sealed record MovedIdentity(string Channel, string UserId);

    private sealed record Moved(List<MovedIdentity> Identities, List<string> Phones, List<long> Addresses, List<string> Tags);
}
