using ChatCommerce.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.IntegrationTests.Support;

/// <summary>PostgreSQL: the planner settings of the connection's current transaction, which <c>KeyPlans</c> changes and must put back.</summary>
public static class PlanSettings
{
    /// <summary>The store's connections' own, outside <c>KeyPlans</c>.</summary>
    public const string Store = "force_custom_plan,on,on,on";

    public static Task<string> ReadAsync(ChatCommerceDbContext db) => db.Database.SqlQueryRaw<string>(
        "SELECT current_setting('plan_cache_mode') || ',' || current_setting('enable_seqscan') || ','"
        + " || current_setting('enable_hashjoin') || ',' || current_setting('enable_mergejoin') AS \"Value\"").SingleAsync();
}
