using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Orders;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.Infrastructure.Data;

public sealed class EfSurveyStore(ChatCommerceDbContext db, DbWrites writes) : ISurveyStore
{
    public async Task<IReadOnlyList<SurveyDue>> DueAsync(long deliveredBefore, long deliveredAfter, long lastSurveyBefore, int max, CancellationToken cancellationToken)
    {
        var csat = await (
            from o in db.Orders
            where o.Status == OrderStatus.Delivered && o.UpdatedAtMs <= deliveredBefore && o.UpdatedAtMs >= deliveredAfter
            join k in db.Contacts on new { o.Channel, o.UserId } equals new { k.Channel, k.UserId }
            join c in db.Customers on k.CustomerId equals c.Id
            where c.MergedIntoId == null && (c.LastSurveyAtMs == null || c.LastSurveyAtMs < lastSurveyBefore)
                && !db.Surveys.Any(s => s.OrderNumber == o.Number)
            orderby o.UpdatedAtMs
            select new SurveyDue(c.Id, SurveyKinds.Csat, o.Number, o.Channel, o.UserId, o.Locale))
            .Take(max).ToListAsync(cancellationToken);
        var nps = await (
            from c in db.Customers
            where c.OrderCount >= 2 && c.MergedIntoId == null && (c.LastSurveyAtMs == null || c.LastSurveyAtMs < lastSurveyBefore)
                && !db.Surveys.Any(s => s.CustomerId == c.Id && s.Kind == SurveyKinds.Nps)
            let latest = (from o in db.Orders
                          join k in db.Contacts on new { o.Channel, o.UserId } equals new { k.Channel, k.UserId }
                          where k.CustomerId == c.Id && o.Status != OrderStatus.Cancelled
                          orderby o.CreatedAtMs descending
                          select o).FirstOrDefault()
            where latest != null
            orderby c.LastOrderAtMs
            select new SurveyDue(c.Id, SurveyKinds.Nps, null, latest!.Channel, latest.UserId, latest.Locale))
            .Take(max).ToListAsync(cancellationToken);
        return [.. csat, .. nps];
    }

    public async Task<long> AskedAsync(SurveyDue due, string conversation, long atMs, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var survey = new Survey { CustomerId = due.CustomerId, Kind = due.Kind, OrderNumber = due.OrderNumber, Conversation = conversation, AskedAtMs = atMs };
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(cancellationToken);
        await db.Customers.Where(c => c.Id == due.CustomerId).ExecuteUpdateAsync(u => u.SetProperty(c => c.LastSurveyAtMs, atMs), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return survey.Id;
    }

    public Task<Survey?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public async Task<bool> AnswerAsync(long id, int score, long atMs, CancellationToken cancellationToken)
    {
        await using var transaction = await writes.BeginAsync(cancellationToken);
        var changed = await db.Surveys.Where(s => s.Id == id && s.Score == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Score, score).SetProperty(s => s.AnsweredAtMs, atMs), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed == 1;
    }
}
