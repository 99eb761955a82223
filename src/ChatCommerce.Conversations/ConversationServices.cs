using ChatCommerce.Conversations.State;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Shop;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatCommerce.Conversations;

public static class ConversationServices
{
    /// <summary>The turn pipeline: intake, dispatcher, processor, sweeper, conversation state.</summary>
    public static IServiceCollection AddChatCommerceConversations(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PipelineOptions>(configuration.GetSection(PipelineOptions.Section));
        services.Configure<ShopOptions>(configuration.GetSection(ShopOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConversationDispatcher>();
        services.AddSingleton<IConversationDispatcher>(sp => sp.GetRequiredService<ConversationDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<ConversationDispatcher>());
        services.AddScoped<ConversationStateRepository>();
        services.AddScoped<ConversationProcessor>();
        services.AddScoped<InboundIntake>();
        services.AddScoped<InboxSweeper>();
        services.AddScoped<Handoffs.HandoffService>();
        return services;
    }
}
