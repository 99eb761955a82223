using ChatCommerce.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace ChatCommerce.IntegrationTests.Pipeline;

/// <summary>
/// A new shopper's whole checkout in one webhook: eight events that one drain takes together. The
/// last places the order (a write of the shop's: that turn commits on its own); the seven before
/// it, the basket's included, commit as one chain before the order's turn opens its transaction.
/// </summary>
internal static class CheckoutAtOnce
{
    public static async Task RunAsync(FakePlatformServer fakes, TestHost host, string user)
    {
        using var chains = new MetricCounter(host, "chatcommerce.turn.chain.size");
        fakes.Line.AddUser(user, "ปลา", "th");
        var at = DateTimeOffset.UtcNow;
        var events = new[]
        {
            fakes.Line.TextEvent(user, "cf sn3 1", at),
            fakes.Line.PostbackEvent(user, "checkout:start", at.AddMilliseconds(1)),
            fakes.Line.TextEvent(user, "ปลา ใจดี", at.AddMilliseconds(2)),
            fakes.Line.TextEvent(user, "0865554444", at.AddMilliseconds(3)),
            fakes.Line.TextEvent(user, "99 ถนนสีลม แขวงสีลม เขตบางรัก กรุงเทพมหานคร 10500", at.AddMilliseconds(4)),
            fakes.Line.PostbackEvent(user, "ship:standard", at.AddMilliseconds(5)),
            fakes.Line.PostbackEvent(user, "pay:cod", at.AddMilliseconds(6)),
            fakes.Line.TextEvent(user, "ยืนยัน", at.AddMilliseconds(7)),
        };
        var attempt = await fakes.Line.DeliverWithRedeliveryAsync(host.BaseUrl + "/webhooks/line", events);
        Assert.True(attempt.Succeeded, attempt.Body);

        var sent = await Eventually.ValueAsync(() => fakes.Line.SentTo(user), s => s.Count == events.Length, TimeSpan.FromSeconds(30));
        Assert.Equal(events.Select(e => (string)e["webhookEventId"]!), sent.Select(s => s.EventId!));
        var order = await host.QueryAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.UserId == user));
        Assert.Equal(("ปลา ใจดี", "0865554444", "10500"), (order.CustomerName, order.Phone, order.Postcode));
        Assert.Contains(order.Number, string.Join('\n', sent[^1].Messages.Select(m => (string?)m!["text"])));

        var contact = await host.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.UserId == user));
        Assert.Equal(1, await host.QueryAsync(db => db.Customers.CountAsync(c => c.Id == contact.CustomerId)));
        // The eight messages and taps, and the order, each on the customer's timeline.
        var inbound = (await host.InteractionsAsync()).Where(i => i.UserId == user && i.Direction == "Inbound").ToList();
        Assert.Equal(events.Length, inbound.Count(i => i.Kind != "order"));
        Assert.Equal(order.Number, Assert.Single(inbound, i => i.Kind == "order").OrderNumber);
        Assert.All(inbound, i => Assert.Equal(contact.CustomerId, i.CustomerId));
        Assert.All((await host.InboxAsync()).Where(r => r.Conversation.Contains(user)), r => Assert.Equal("Done", r.Status));
        var state = await host.QueryAsync(db => db.States.AsNoTracking().SingleAsync(s => s.Key.Contains(user)));
        Assert.Equal(events.Length, state.Version);

        // The first seven go in one chain (the basket's reminder row and its measured basket are
        // written with it), and the order's turn, which writes the shop's data, commits on its own
        // after it: the basket the order emptied leaves no reminder row.
        Assert.Equal((7, 1), (chains.Total, chains.Events));
        Assert.False(await host.QueryAsync(db => db.BasketActivity.AnyAsync(b => b.Conversation.Contains(user))));
    }
}
