using ChatCommerce.Conversations.Outbox;
using ChatCommerce.Conversations.State;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Conversations.Turns.Steps;
using ChatCommerce.Domain.Shop;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations;

public static class ConversationServices
{
    /// <summary>The turn pipeline: intake, dispatcher, drain, steps, outbox sender, sweeper, conversation state.</summary>
    public static IServiceCollection AddChatCommerceConversations(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PipelineOptions>(configuration.GetSection(PipelineOptions.Section));
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.Section));
        services.Configure<ShopOptions>(configuration.GetSection(ShopOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<ConversationDispatcher>();
        services.AddSingleton<IConversationDispatcher>(sp => sp.GetRequiredService<ConversationDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<ConversationDispatcher>());
        services.AddSingleton<IntakeActivity>();
        services.AddSingleton<InboundIntake>();
        services.AddHostedService(sp => sp.GetRequiredService<InboundIntake>());
        services.AddSingleton<FinishedMessages>();
        services.AddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        services.TryAddScoped(typeof(PerChannel<>));
        services.AddScoped<ConversationStateRepository>();
        services.AddSingleton(sp => new LeaseKeeper(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<PipelineOptions>>().Value.LockTimeToLive / 6, sp.GetRequiredService<ILogger<LeaseKeeper>>()));
        services.AddScoped<ConversationDrain>();
        services.AddScoped<TurnPipeline>();
        services.AddScoped<UnderstandStep>();
        services.AddScoped<RecordStep>();
        services.AddSingleton<OwnershipStep>();
        services.AddScoped<DialogStep>();
        services.AddScoped<InboxSweeper>();
        services.AddScoped<Handoffs.HandoffService>();
        services.AddScoped<Handoffs.StaffDesk>();
        services.TryAddSingleton<Handoffs.IConversationFeed, Handoffs.NoConversationFeed>();
        services.AddOptions<Handoffs.HandoffOptions>().BindConfiguration(Handoffs.HandoffOptions.Section);
        return services;
    }
}
