using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs.Interrupts;
using ChatCommerce.Dialogs.Welcome;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Dialogs;

public static class DialogServices
{
    /// <summary>The reply texts and the flows that answer shoppers.</summary>
    public static IServiceCollection AddChatCommerceDialogs(this IServiceCollection services)
    {
        services.AddSingleton<ReplyTexts>();
        services.AddScoped<WelcomeFlow>();
        services.AddScoped<IFlow>(sp => sp.GetRequiredService<WelcomeFlow>());
        services.AddScoped<IInterrupt, CancelInterrupt>();
        services.AddSingleton<IDialogTexts>(sp => sp.GetRequiredService<ReplyTexts>());
        services.AddScoped(sp => new DialogEngine(
            sp.GetServices<IFlow>(), sp.GetServices<IInterrupt>(), sp.GetRequiredService<IDialogTexts>(), WelcomeFlow.FlowId, sp.GetRequiredService<ILogger<DialogEngine>>()));
        services.AddScoped<ITurnHandler, EngineTurnHandler>();
        return services;
    }
}
