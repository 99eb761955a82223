using ChatCommerce.Domain.Cases;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Orders;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

/// <summary>Customers in the relational database: orders and cases reach them through their identities (contacts).</summary>
public sealed class EfCustomerDirectory(ChatCommerceDbContext db, DbWrites writes, TimeProvider clock) : ICustomerDirectory
{
    public async Task<IReadOnlyList<CustomerCard>> SearchAsync(CustomerQuery query, CancellationToken cancellationToken)
    {
        var customers = db.Customers.AsNoTracking().Where(c => c.MergedIntoId == null);
        if (query.Query?.Trim() is { Length: > 0 } text)
        {
            var lower = text.ToLowerInvariant();
            var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
            // "+66 81 234 5678" and "081-234-5678" are the same number as stored ("0812345678").
            if (digits.StartsWith("66", StringComparison.Ordinal) && text.TrimStart().StartsWith('+'))
            {
                digits = "0" + digits[2..];
            }

            var byPhone = digits.Length >= 3 && digits.Length * 2 >= text.Count(c => !char.IsWhiteSpace(c));
            customers = customers.Where(c =>
                (c.DisplayName != null && c.DisplayName.ToLower().Contains(lower))
                || db.Contacts.Any(k => k.CustomerId == c.Id && (k.UserId == text || (k.DisplayName != null && k.DisplayName.ToLower().Contains(lower))))
                || db.CustomerAddresses.Any(a => a.CustomerId == c.Id && a.Name.ToLower().Contains(lower))
                || (byPhone && db.CustomerPhones.Any(p => p.CustomerId == c.Id && p.Phone.StartsWith(digits))));
        }

        if (CustomerTags.Normalise(query.Tag) is { } tag)
        {
            customers = customers.Where(c => db.CustomerTags.Any(t => t.CustomerId == c.Id && t.Tag == tag));
        }

        if (query.Segment is { Length: > 0 } segment)
        {
            customers = customers.Where(c => c.Segment == segment);
        }

        var page = await customers
            .OrderByDescending(c => c.LastTouchAtMs ?? c.UpdatedAtMs).ThenBy(c => c.Id)
            .Skip(query.Skip).Take(query.Take)
            .ToListAsync(cancellationToken);
        return await CardsAsync(page, cancellationToken);
    }

    public async Task<CustomerCard?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return customer is null ? null : (await CardsAsync([customer], cancellationToken))[0];
    }

    public Task<string?> IdOfAsync(string channel, string userId, CancellationToken cancellationToken) =>
        db.Contacts.AsNoTracking().Where(c => c.Channel == channel && c.UserId == userId).Select(c => c.CustomerId).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Touchpoint>> TouchpointsAsync(string id, int skip, int take, CancellationToken cancellationToken) =>
        (await db.Interactions.AsNoTracking()
            .Where(t => t.CustomerId == id)
            .OrderByDescending(t => t.AtMs).ThenByDescending(t => t.Id)
            .Skip(skip).Take(take)
            .ToListAsync(cancellationToken))
        .Select(t => new Touchpoint(
            t.Id, DateTimeOffset.FromUnixTimeMilliseconds(t.AtMs), t.Channel, t.Direction, t.Kind, t.Unsent ? null : t.Text,
            t.Intent, t.IntentConfidence, t.Sentiment, t.SentimentScore, t.OrderNumber, t.Outcome))
        .ToList();

    public async Task<IReadOnlyList<Order>> OrdersAsync(string id, int max, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking().Include(o => o.Lines)
            .Where(o => db.Contacts.Any(k => k.CustomerId == id && k.Channel == o.Channel && k.UserId == o.UserId))
            .OrderByDescending(o => o.CreatedAtMs).ThenByDescending(o => o.Id)
            .Take(max)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ServiceCase>> CasesAsync(string id, int max, CancellationToken cancellationToken)
    {
        var conversations = await ConversationsOfAsync(id, cancellationToken);
        return await db.Cases.AsNoTracking()
            .Where(c => conversations.Contains(c.Conversation))
            .OrderByDescending(c => c.CreatedAtMs).ThenByDescending(c => c.Id)
            .Take(max)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SegmentSize>> SegmentSizesAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Customers.AsNoTracking().Where(c => c.MergedIntoId == null)
            .GroupBy(c => c.Segment)
            .Select(g => new { Segment = g.Key, Count = g.Count(), Value = g.Sum(c => c.LifetimeValueSatang) })
            .ToListAsync(cancellationToken);
        return Segments.All.Select(s => rows.FirstOrDefault(r => r.Segment == s) is { } row ? new SegmentSize(s, row.Count, row.Value) : new SegmentSize(s, 0, 0)).ToList();
    }

    public async Task<IReadOnlyList<SegmentMove>> MovesSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var from = since.ToUnixTimeMilliseconds();
        var rows = await db.Customers.AsNoTracking()
            .Where(c => c.MergedIntoId == null && c.SegmentChangedAtMs >= from && c.PreviousSegment != null)
            .GroupBy(c => new { c.PreviousSegment, c.Segment })
            .Select(g => new { g.Key.PreviousSegment, g.Key.Segment, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new SegmentMove(r.PreviousSegment!, r.Segment, r.Count)).OrderByDescending(m => m.Customers).ToList();
    }

    public async Task<bool> SetTagsAsync(string id, IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return false;
        }

        await using var transaction = await writes.BeginAsync(cancellationToken);
        await db.CustomerTags.Where(t => t.CustomerId == id).ExecuteDeleteAsync(cancellationToken);
        db.CustomerTags.AddRange(tags.Distinct(StringComparer.Ordinal).Select(t => new CustomerTag { CustomerId = id, Tag = t }));
        await db.SaveChangesAsync(cancellationToken);
        await Touch(id).ExecuteUpdateAsync(u => u.SetProperty(c => c.UpdatedAtMs, Now()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> UpdateAsync(string id, string? notes, string? birthday, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (customer is null)
        {
            return false;
        }

        if (notes is not null)
        {
            customer.Notes = notes.Length == 0 ? null : notes;
        }

        if (birthday is not null)
        {
            customer.Birthday = birthday.Length == 0 ? null : birthday;
        }

        customer.UpdatedAtMs = Now();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The conversation keys ("line:U…") of the customer's identities.</summary>
    internal async Task<List<string>> ConversationsOfAsync(string id, CancellationToken cancellationToken) =>
        await db.Contacts.AsNoTracking().Where(k => k.CustomerId == id).Select(k => k.Channel + ":" + k.UserId).ToListAsync(cancellationToken);

    private IQueryable<Customer> Touch(string id) => db.Customers.Where(c => c.Id == id);

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<IReadOnlyList<CustomerCard>> CardsAsync(List<Customer> customers, CancellationToken cancellationToken)
    {
        if (customers.Count == 0)
        {
            return [];
        }

        var ids = customers.Select(c => c.Id).ToList();
        var contacts = (await db.Contacts.AsNoTracking().Where(k => k.CustomerId != null && ids.Contains(k.CustomerId)).OrderBy(k => k.FirstSeenAtMs).ToListAsync(cancellationToken)).ToLookup(k => k.CustomerId!);
        var phones = (await db.CustomerPhones.AsNoTracking().Where(p => ids.Contains(p.CustomerId)).OrderByDescending(p => p.LastUsedAtMs).ToListAsync(cancellationToken)).ToLookup(p => p.CustomerId);
        var addresses = (await db.CustomerAddresses.AsNoTracking().Where(a => ids.Contains(a.CustomerId)).OrderByDescending(a => a.LastUsedAtMs).ToListAsync(cancellationToken)).ToLookup(a => a.CustomerId);
        var tags = (await db.CustomerTags.AsNoTracking().Where(t => ids.Contains(t.CustomerId)).OrderBy(t => t.Tag).ToListAsync(cancellationToken)).ToLookup(t => t.CustomerId);
        return customers.Select(c => new CustomerCard(
            c,
            contacts[c.Id].Select(k => new CustomerIdentity(k.Channel, k.UserId, k.DisplayName, k.IsFollowing, DateTimeOffset.FromUnixTimeMilliseconds(k.FirstSeenAtMs), Sql.Time(k.LastUserMessageAtMs))).ToList(),
            phones[c.Id].ToList(),
            addresses[c.Id].ToList(),
            tags[c.Id].Select(t => t.Tag).ToList())).ToList();
    }
}
