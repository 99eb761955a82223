using Hangfire;
using ChatCommerce.Infrastructure.Jobs;
using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Conversations;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs;
using ChatCommerce.Infrastructure;
using ChatCommerce.Language;
using ChatCommerce.Web.Admin;
using ChatCommerce.Web.Console;
using ChatCommerce.Web.Health;
using ChatCommerce.Web.Media;
using ChatCommerce.Web.Payments;
using ChatCommerce.Web.Privacy;
using ChatCommerce.Web.Security;
using ChatCommerce.Web.Webhooks;

namespace ChatCommerce.Web;

/// <summary>Builds the host; the tests build it the same way, on a loopback port.</summary>
public static class ChatCommerceApp
{
    /// <param name="configure">Runs first: configuration sources, logging.</param>
    /// <param name="overrides">Runs after the product's registrations: tests replace a service here.</param>
    /// <param name="map">Maps more endpoints (the simulator host's page and fake platforms).</param>
    /// <param name="home">Where the root address sends a browser.</param>
    public static WebApplication Build(
        string[] args,
        Action<WebApplicationBuilder>? configure = null,
        Action<IServiceCollection>? overrides = null,
        Action<WebApplication>? map = null,
        string home = "/health")
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        if (BatchSchedulingService.IsOn(configuration))
        {
            // Before the host makes its threads: those it makes from here on inherit the policy.
            BatchScheduling.ApplyToProcess();
            builder.Services.AddHostedService<BatchSchedulingService>();
        }

        // Infrastructure first: its start-up (schema, seed) runs before any background worker reads.
        builder.Services
            .AddChatCommerceInfrastructure(configuration)
            .AddLineChannel(configuration)
            .AddMessengerChannel(configuration)
            .AddChatCommerceConversations(configuration)
            .AddChatCommerceDialogs()
            .AddChatCommerceLanguage(configuration)
            .AddChatCommerceHealth(configuration)
            .AddOwnerApi()
            .AddPayments()
            .AddProductImages()
            .AddStaffConsole();
        builder.Services.AddScoped<Privacy.ErasureJob>();
        builder.Services.AddScoped<Customers.SurveyJob>();
        builder.Services.AddRecurringJob(m => m.AddOrUpdate<Customers.SurveyJob>(Customers.SurveyJob.Id, job => job.RunAsync(CancellationToken.None), "*/15 * * * *"));
        builder.Services.AddScoped<Customers.BasketReminderJob>();
        builder.Services.AddRecurringJob(m => m.AddOrUpdate<Customers.BasketReminderJob>(Customers.BasketReminderJob.Id, job => job.RunAsync(CancellationToken.None), "*/15 * * * *"));
        builder.Services.AddScoped<Broadcasts.BroadcastSender>();
        builder.Services.AddSingleton<Broadcasts.BroadcastDispatcher>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<Broadcasts.BroadcastDispatcher>());
        builder.Services.AddSingleton<Health.CodeWarmUp>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<Health.CodeWarmUp>());
        // Every error an API client can meet is a ProblemDetails: binding failures (thrown so they
        // can be described), unhandled exceptions (500 without internals), and bare status codes.
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestProblems>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        overrides?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<SecurityHeaders>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapLineWebhook();
        app.MapMessengerWebhook();
        app.MapDataDeletion();
        app.MapProductImages();
        app.MapPayments();
        app.MapChatCommerceHealth();
        map?.Invoke(app);
        app.MapOwnerApi();
        app.MapStaffConsole();
        app.MapGet("/", () => Results.Redirect(home));
        return app;
    }
}
