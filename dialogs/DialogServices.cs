using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs.Welcome;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.Dialogs;

public static class DialogServices
{
    /// <summary>The reply texts and the flows that answer shoppers.</summary>
    public static IServiceCollection AddChatCommerceDialogs(this IServiceCollection services)
    {
        services.AddSingleton<ReplyTexts>();
        services.AddScoped<ITurnHandler, WelcomeTurnHandler>();
        return services;
    }
}
