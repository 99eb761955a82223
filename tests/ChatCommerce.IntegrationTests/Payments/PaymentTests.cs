using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChatCommerce.Conversations.Inbox;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Domain.Payments;
using ChatCommerce.FakePlatforms.Payments;
using ChatCommerce.IntegrationTests.Support;
using ChatCommerce.IntegrationTests.Transcripts;
using ChatCommerce.Web.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.IntegrationTests.Payments;

/// <summary>
/// Payments on the real host with fake LINE, Messenger and Stripe: what the owner API lists, the
/// QR picture's content, deadlines, Stripe's signature and amounts, staff decisions, settings and
/// Messenger's window.
/// </summary>
public sealed partial class PaymentTests : HostedTest
{
    private const string Key = "payments-owner-key-0123456789";
    private const string LineUser = "U5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d";
    private const string Psid = "7120034587712399";
    private const string PromptPayId = "0812345678";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ChatCommerce:Admin:ApiKey"] = Key,
        ["ChatCommerce:Shop:PublicBaseUrl"] = "https://shop.example",
    };

    private HttpClient Owner()
    {
        var client = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    private IChatDriver Line() => new LineDriver(Fakes, LineUser, SettledAsync);

    private IChatDriver Messenger() => new MessengerDriver(Fakes, Psid, SettledAsync);

    private Task<Order> NewestOrderAsync() => Host.QueryAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines).OrderByDescending(o => o.Id).FirstAsync());

    private Task<List<PaymentAttempt>> PaymentsAsync(long orderId) => Host.QueryAsync(db => db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).OrderBy(p => p.Id).ToListAsync());

    private Task<int> StockAsync(string sku) => Host.QueryAsync(db => db.Products.Where(p => p.Sku == sku).Select(p => p.Stock).FirstAsync());

    [Fact]
    public async Task APromptPayAttemptIsListedWithItsExactPayloadAndTheServedQrSaysIt()
    {
        var placed = await Line().CheckoutAsync("พร้อมเพย์ (QR)");
        var order = await NewestOrderAsync();
        using var owner = Owner();
        var list = await owner.GetFromJsonAsync<JsonArray>($"/api/v1/orders/{order.Number}/payments");
        var attempt = Assert.Single(list!)!.AsObject();
        var payload = PromptPay.Payload(PromptPayId, 28000);
        Assert.Equal("promptpay", (string?)attempt["method"]);
        Assert.Equal(28000, (long)attempt["amountSatang"]!);
        Assert.Equal("pending", (string?)attempt["status"]);
        Assert.Equal(payload, (string?)attempt["payload"]);
        Assert.Contains("5406280.00", payload); // tag 54, six characters: the amount
        Assert.Equal("shopper", (string?)attempt["history"]![0]!["actor"]);

        // The picture the shopper was sent decodes to exactly that payload.
        var url = QrUrl().Match(placed.Text).Groups[1].Value;
        Assert.StartsWith("https://shop.example/pay/qr/", url);
        var png = await Host.Http.GetByteArrayAsync(url.Replace("https://shop.example", Host.BaseUrl, StringComparison.Ordinal));
        Assert.Equal(payload, QrPictures.Read(png));

        // Guessed or malformed names find nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Http.GetAsync("/pay/qr/0123456789abcdef0123456789abcdef.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Http.GetAsync("/pay/qr/..%2F..%2Fetc.png")).StatusCode);

        // The order itself says how and until when it is to be paid.
        var view = await owner.GetFromJsonAsync<JsonObject>($"/api/v1/orders/{order.Number}");
        Assert.Equal("Unpaid", (string?)view!["paymentState"]);
        Assert.Equal("promptpay", (string?)view["paymentMethod"]);
        var due = DateTimeOffset.Parse((string)view["paymentDueAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(due - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task APassedDeadlineCancelsTheOrderAndReleasesItsStockOnceHoweverOftenTheJobRuns()
    {
        var stockBefore = await StockAsync("SN-MNG");
        await Line().CheckoutAsync("โอนเข้าบัญชี");
        var order = await NewestOrderAsync();
        Assert.Equal(stockBefore - 2, await StockAsync("SN-MNG"));

        await Host.QueryAsync(db => db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(u => u.SetProperty(o => o.PaymentDueAtMs, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds())));
        for (var run = 0; run < 3; run++)
        {
            await using var scope = Host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PaymentDeadlineJob>().RunAsync(CancellationToken.None);
        }

        Assert.Equal(stockBefore, await StockAsync("SN-MNG"));
        var after = await NewestOrderAsync();
        Assert.Equal(OrderStatus.Cancelled, after.Status);
        Assert.Equal(PaymentStatus.Expired, Assert.Single(await PaymentsAsync(order.Id)).Status);
        int Notices() => Fakes.Line.SentTo(LineUser).Count(s => Answer.Of(s.Messages).Text.Contains("เลยกำหนดชำระ", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => Notices() == 1, what: "one cancellation notice");
        await Eventually.QuietAsync();
        Assert.Equal(1, Notices());

        using var owner = Owner();
        var history = await owner.GetFromJsonAsync<JsonArray>($"/api/v1/orders/{order.Number}/history");
        Assert.Equal(["shopper", "system"], history!.Select(h => (string)h!["actor"]!).ToArray());
        Assert.Contains("deadline", (string?)history![1]?["note"] ?? "");
    }

    [Fact]
    public async Task TheCheckoutSessionCarriesTheOrderAndStripeEventsMarkItPaidOnlyWhenSignedAndExact()
    {
        var placed = await Line().CheckoutAsync("บัตร/ชำระออนไลน์");
        var link = Regex.Match(placed.Text, @"\[link ชำระเงิน: https://shop\.example(/pay/card/[0-9a-f]{32})\]");
        Assert.True(link.Success, placed.Text);
        var order = await NewestOrderAsync();

        // Nothing is asked of Stripe until the shopper opens the link; then the session is made
        // once, and opening the link again goes to the same page.
        Assert.Empty(Fakes.Stripe.Creates);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Host.BaseUrl) };
        var opened = await browser.GetAsync(link.Groups[1].Value);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.StartsWith("https://checkout.stripe.com/c/pay/cs_test_", opened.Headers.Location!.ToString());
        Assert.Equal(opened.Headers.Location, (await browser.GetAsync(link.Groups[1].Value)).Headers.Location);
        Assert.Single(Fakes.Stripe.Creates);
        var create = Fakes.Stripe.Creates[^1];
        Assert.Equal(order.Number, create["client_reference_id"]);
        Assert.Equal(order.Number, create["metadata[order_number]"]);
        Assert.Equal("28000", create["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("thb", create["line_items[0][price_data][currency]"]);
        Assert.Equal("th", create["locale"]);
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(create["expires_at"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30), TimeSpan.FromHours(24));
        var session = Assert.Single(await PaymentsAsync(order.Id)).Reference!;

        // A forged signature changes nothing.
        var forged = await Fakes.Stripe.SendAsync(Fakes.Stripe.PaidEvent(session), signingSecret: "whsec_not_the_secret");
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(PaymentState.Unpaid, (await NewestOrderAsync()).PaymentState);

        // Another amount than the order's is kept and shown, never marked paid.
        var short1 = await Fakes.Stripe.SendAsync(Fakes.Stripe.PaidEvent(session, amountTotal: 20000));
        Assert.True(short1.Succeeded, short1.Body);
        var attempt = Assert.Single(await PaymentsAsync(order.Id));
        Assert.Equal(PaymentStatus.Mismatch, attempt.Status);
        Assert.Equal(20000, attempt.ReceivedSatang);
        Assert.Equal(PaymentState.Unpaid, (await NewestOrderAsync()).PaymentState);
        using var owner = Owner();
        var confirm = await owner.PostAsync($"/api/v1/orders/{order.Number}/payments/{attempt.Id}/confirm", null);
        Assert.Equal(HttpStatusCode.Conflict, confirm.StatusCode);
        Assert.Equal(PaymentState.Unpaid, (await NewestOrderAsync()).PaymentState);

        // The link of an attempt that ended says so instead of opening a page.
        var closed = await browser.GetAsync(link.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Contains("no longer waiting for payment", await closed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StaffRejectingASlipTellsTheShopperWhyAndTheOrderWaitsForTheRightOne()
    {
        var chat = Messenger();
        await chat.CheckoutAsync("โอนเข้าบัญชี");
        var before = chat.Sent;
        await chat.PhotoAsync(FakeSlips.Picture("amount=280 ref=RJ0001"));
        Assert.Contains("กำลังตรวจสอบ", (await chat.AnswerSinceAsync(before, 1)).Text);
        var order = await NewestOrderAsync();
        Assert.Equal(PaymentState.Verifying, order.PaymentState);
        var attempt = Assert.Single(await PaymentsAsync(order.Id));
        Assert.Equal(PaymentStatus.Verifying, attempt.Status);
        Assert.Equal("transfer", attempt.Method);

        using var owner = Owner();
        var slip = await owner.GetAsync($"/api/v1/payments/{attempt.Id}/slip");
        Assert.Equal("image/jpeg", slip.Content.Headers.ContentType?.MediaType);
        Assert.Equal(FakeSlips.Picture("amount=280 ref=RJ0001"), await slip.Content.ReadAsByteArrayAsync());
        var queue = await owner.GetFromJsonAsync<JsonArray>("/api/v1/payments?status=verifying");
        Assert.Contains(queue!, p => (long)p!["id"]! == attempt.Id);

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/v1/orders/{order.Number}/payments/{attempt.Id}/reject", new { reason = "" })).StatusCode);
        before = chat.Sent;
        var rejected = await owner.PostAsJsonAsync($"/api/v1/orders/{order.Number}/payments/{attempt.Id}/reject", new { reason = "สลิปเป็นของร้านอื่น" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var told = await chat.AnswerSinceAsync(before, 1);
        Assert.Contains("ยังยืนยันการชำระคำสั่งซื้อ " + order.Number + " ไม่ได้: สลิปเป็นของร้านอื่น", told.Text);
        Assert.Equal(PaymentState.Unpaid, (await NewestOrderAsync()).PaymentState);
        Assert.Equal(PaymentStatus.Rejected, Assert.Single(await PaymentsAsync(order.Id)).Status);

        // A rejected payment cannot be confirmed later by mistake.
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsync($"/api/v1/orders/{order.Number}/payments/{attempt.Id}/confirm", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync($"/api/v1/orders/{order.Number}/payments/999999/confirm", null)).StatusCode);
    }

    [Fact]
    public async Task PaymentSettingsAreValidatedAndDecideWhatCheckoutOffers()
    {
        using var owner = Owner();
        var current = await owner.GetFromJsonAsync<JsonObject>("/api/v1/settings/payments");
        Assert.Equal(PromptPayId, (string?)current!["promptPayId"]);
        Assert.Equal(["promptpay", "transfer", "card", "cod"], current["available"]!.AsArray().Select(m => (string)m!).ToArray());
        Assert.True((bool)current["cardConfigured"]!);

        var bad = await owner.PutAsJsonAsync("/api/v1/settings/payments", new { promptPayId = "12345", methods = new[] { "bitcoin" }, cod = new { minSatang = 5000, maxSatang = 1000, feeSatang = 0 }, deadlineHours = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonObject>();
        Assert.All(new[] { "promptPayId", "methods", "cod", "deadlineHours" }, field => Assert.NotNull(problem!["errors"]![field]));

        var saved = await owner.PutAsJsonAsync("/api/v1/settings/payments", new { promptPayId = "0899999999", methods = new[] { "promptpay" }, deadlineHours = 12, reminderHoursBefore = 2 });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(["promptpay"], (await saved.Content.ReadFromJsonAsync<JsonObject>())!["available"]!.AsArray().Select(m => (string)m!).ToArray());

        var chat = Line();
        chat.AddUser("Ploy", "th");
        var basket = await chat.SayAndReadAsync("cf sn1 2");
        await chat.TapAndReadAsync(basket, "สั่งซื้อเลย");
        await chat.SayAndReadAsync("Ploy Jaidee");
        await chat.SayAndReadAsync("081-234-5678");
        var shipping = await chat.SayAndReadAsync("99/1 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพฯ 10110");
        var methods = await chat.TapAndReadAsync(shipping, "ไปรษณีย์ไทย ฿40");
        Assert.Equal(["พร้อมเพย์ (QR)", "ยกเลิก"], methods.Buttons.Keys.ToArray());
        var summary = await chat.TapAndReadAsync(methods, "พร้อมเพย์ (QR)");
        await chat.TapAndReadAsync(summary, "ยืนยันสั่งซื้อ");
        var order = await NewestOrderAsync();
        Assert.Equal(PromptPay.Payload("0899999999", 28000), Assert.Single(await PaymentsAsync(order.Id)).Payload);
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(order.PaymentDueAtMs!.Value) - DateTimeOffset.UtcNow, TimeSpan.FromHours(11), TimeSpan.FromHours(12));
    }

    [Fact]
    public async Task AMessengerReminderGoesOnlyInsideThe24HourWindow()
    {
        var chat = Messenger();
        await chat.CheckoutAsync("พร้อมเพย์ (QR)");
        var order = await NewestOrderAsync();
        var longAgo = DateTimeOffset.UtcNow.AddHours(-25).ToUnixTimeMilliseconds();
        await Host.QueryAsync(db => db.Contacts.Where(c => c.UserId == Psid).ExecuteUpdateAsync(u => u.SetProperty(c => c.LastUserMessageAtMs, longAgo)));
        Fakes.Messenger.SetLastUserMessage(Psid, DateTimeOffset.UtcNow.AddHours(-25));
        await Host.QueryAsync(db => db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(u => u.SetProperty(o => o.PaymentDueAtMs, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds())));
        var before = chat.Sent;
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PaymentDeadlineJob>().RunAsync(CancellationToken.None));
        }

        await Eventually.QuietAsync();
        Assert.Equal(before, chat.Sent);
        var after = await NewestOrderAsync();
        Assert.NotNull(after.ReminderSentAtMs);
        using var owner = Owner();
        var history = await owner.GetFromJsonAsync<JsonArray>($"/api/v1/orders/{order.Number}/history");
        Assert.Contains(history!, h => ((string?)h!["note"] ?? "").Contains("24-hour window"));
    }

    [Fact]
    public async Task APictureThatCannotBeReadGetsAPoliteAnswerAndNoPayment()
    {
        var chat = Line();
        await chat.CheckoutAsync("โอนเข้าบัญชี");
        var before = chat.Sent;
        await Fakes.Line.DeliverAsync(Fakes.Line.ImageEvent(LineUser, "<html>not a picture</html>"u8.ToArray(), "text/html"));
        var answer = await chat.AnswerSinceAsync(before, 1);
        Assert.Contains("เปิดรูปนี้ไม่ได้", answer.Text);
        var order = await NewestOrderAsync();
        Assert.Equal(PaymentStatus.Pending, Assert.Single(await PaymentsAsync(order.Id)).Status);
        Assert.Equal(PaymentState.Unpaid, order.PaymentState);
    }

    [Fact]
    public async Task WithoutAVerificationProviderTheSamePictureForAnotherOrderIsFlaggedAndNeverAccepted()
    {
        var chat = Line();
        await chat.CheckoutAsync("โอนเข้าบัญชี");
        var first = await NewestOrderAsync();
        var slip = FakeSlips.Picture("amount=280 ref=DUP1");
        var before = chat.Sent;
        await chat.PhotoAsync(slip);
        Assert.Contains("กำลังตรวจสอบ", (await chat.AnswerSinceAsync(before, 1)).Text);

        // A second order of the same amount, "paid" with the very same picture.
        var basket = await chat.SayAndReadAsync("cf sn1 2");
        var reuse = await chat.TapAndReadAsync(basket, "สั่งซื้อเลย");
        var shipping = await chat.TapAndReadAsync(reuse, "ใช้ข้อมูลเดิม");
        var methods = await chat.TapAndReadAsync(shipping, "ไปรษณีย์ไทย ฿40");
        var summary = await chat.TapAndReadAsync(methods, "โอนเข้าบัญชี");
        await chat.TapAndReadAsync(summary, "ยืนยันสั่งซื้อ");
        var second = await NewestOrderAsync();
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal((first.CustomerName, first.Phone, first.Address, first.Postcode), (second.CustomerName, second.Phone, second.Address, second.Postcode));
        Assert.Contains(first.Address, reuse.Text);
        before = chat.Sent;
        await chat.PhotoAsync(slip);
        Assert.Contains("สลิปนี้เคยใช้กับการชำระอื่นแล้ว", (await chat.AnswerSinceAsync(before, 1)).Text);

        var flagged = Assert.Single(await PaymentsAsync(second.Id));
        Assert.Equal(PaymentStatus.Duplicate, flagged.Status);
        Assert.Equal(PaymentState.Unpaid, (await NewestOrderAsync()).PaymentState);
        using var owner = Owner();
        var refused = await owner.PostAsync($"/api/v1/orders/{second.Number}/payments/{flagged.Id}/confirm", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("already used", await refused.Content.ReadAsStringAsync());

        // The first order's slip is still the first order's, and staff can accept it there.
        var original = Assert.Single(await PaymentsAsync(first.Id));
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"/api/v1/orders/{first.Number}/payments/{original.Id}/confirm", null)).StatusCode);
        Assert.Equal(1, await Host.QueryAsync(db => db.Slips.CountAsync()));
    }

    [Fact]
    public async Task WhileStaffOwnTheChatTheReceiptWaitsAndGoesOutWhenTheyHandBack()
    {
        var chat = Line();
        await chat.CheckoutAsync("โอนเข้าบัญชี");
        var before = chat.Sent;
        await chat.PhotoAsync(FakeSlips.Picture("amount=280 ref=HB0001"));
        await chat.AnswerSinceAsync(before, 1);
        var handed = await chat.SayAndReadAsync("ขอคุยกับพนักงานหน่อยค่ะ");
        Assert.Contains("ส่งต่อให้พนักงานแล้ว", handed.Text);
        var order = await NewestOrderAsync();
        var attempt = Assert.Single(await PaymentsAsync(order.Id));

        using var owner = Owner();
        before = chat.Sent;
        var confirmed = await owner.PostAsync($"/api/v1/orders/{order.Number}/payments/{attempt.Id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Null((string?)(await confirmed.Content.ReadFromJsonAsync<JsonObject>())!["customerNotified"]);
        Assert.Equal(PaymentState.Paid, (await NewestOrderAsync()).PaymentState);
        await Eventually.QuietAsync();
        Assert.Equal(before, chat.Sent);
        Assert.Contains(await Host.OutboxAsync(), r => r.Status == "Held");

        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync($"/api/v1/handoffs/line/{LineUser}/release", null)).StatusCode);
        var receipt = await chat.AnswerSinceAsync(before, 1);
        Assert.Contains("ได้รับชำระเงินคำสั่งซื้อ " + order.Number, receipt.Text);
        Assert.DoesNotContain(await Host.OutboxAsync(), r => r.Status == "Held");
    }

    [Theory]
    [InlineData("", "t=1,v1=00")]
    [InlineData("{not json", "")]
    [InlineData("{\"id\":\"evt_1\",\"object\":\"event\"}", "t=1700000000,v1=deadbeef")]
    public async Task StripeWebhookRefusesWhatIsNotASignedEventWithAClearError(string body, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        var response = await Host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("signature", await response.Content.ReadAsStringAsync());

        // Signed, but not JSON at all: still a clear 400, never a 500.
        var junk = "\u0001\u0002 not an event"u8.ToArray();
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var signed = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new ByteArrayContent(junk) };
        signed.Headers.TryAddWithoutValidation("Stripe-Signature", $"t={t},v1={FakeStripe.Sign(Fakes.Stripe.WebhookSecret, t, junk)}");
        Assert.Equal(HttpStatusCode.BadRequest, (await Host.Http.SendAsync(signed)).StatusCode);
    }

    [GeneratedRegex(@"\[image: (https://[^\]]+)\]")]
    private static partial Regex QrUrl();
}
