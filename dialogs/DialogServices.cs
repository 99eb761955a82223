using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Dialogs.Checkout;
using ChatCommerce.Dialogs.Interrupts;
using ChatCommerce.Dialogs.Orders;
using ChatCommerce.Dialogs.Shopping;
using ChatCommerce.Domain.Orders;
using ChatCommerce.Dialogs.Welcome;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.Dialogs;

public static class DialogServices
{
    /// <summary>The reply texts and the flows that answer shoppers.</summary>
    public static IServiceCollection AddChatCommerceDialogs(this IServiceCollection services)
    {
        services.AddSingleton<ReplyTexts>();
        services.AddOptions<ShippingOptions>().BindConfiguration(ShippingOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ShopReplies>();
        services.AddScoped<Promotions.Upsell>();
        services.AddScoped<Promotions.BasketReminders>();
        services.AddScoped<OrderReplies>();
        services.AddScoped<OrderNotifier>();
        services.AddScoped<Payments.PaymentReplies>();
        services.AddScoped<Payments.PaymentDesk>();
        services.AddScoped<WelcomeFlow>();
        services.AddScoped<IFlow>(sp => sp.GetRequiredService<WelcomeFlow>());
        services.AddScoped<IFlow, AddToBasketFlow>();
        services.AddScoped<IFlow, CheckoutFlow>();
        services.AddScoped<Complaints.CsatCommentFlow>();
        services.AddScoped<Complaints.ComplaintFlow>();
        services.AddScoped<IFlow>(sp => sp.GetRequiredService<Complaints.ComplaintFlow>());
        services.AddScoped<IFlow>(sp => sp.GetRequiredService<Complaints.CsatCommentFlow>());
        services.AddScoped<Complaints.CaseDesk>();
        services.AddOptions<Complaints.CaseOptions>().BindConfiguration(Complaints.CaseOptions.Section);
        services.AddScoped<Surveys.SurveyDesk>();
        services.AddOptions<Domain.Customers.SurveyOptions>().BindConfiguration(Domain.Customers.SurveyOptions.Section);
        services.AddScoped<IInterrupt, Surveys.SurveyInterrupt>();
        services.AddScoped<IInterrupt, ConsentInterrupt>();
        services.AddScoped<IInterrupt, LinkInterrupt>();
        services.AddScoped<IInterrupt, VoucherInterrupt>();
        services.AddScoped<IInterrupt, CancelInterrupt>();
        services.AddScoped<IInterrupt, StaffInterrupt>();
        services.AddScoped<IInterrupt, Complaints.CsatInterrupt>();
        services.AddScoped<IInterrupt, Complaints.ComplaintInterrupt>();
        services.AddScoped<IInterrupt, PaymentInterrupt>();
        services.AddScoped<IInterrupt, MenuInterrupt>();
        services.AddSingleton<IDialogTexts>(sp => sp.GetRequiredService<ReplyTexts>());
        services.AddScoped(sp => new DialogEngine(
            sp.GetServices<IFlow>(), sp.GetServices<IInterrupt>(), sp.GetRequiredService<IDialogTexts>(), WelcomeFlow.FlowId, sp.GetRequiredService<ILogger<DialogEngine>>()));
        services.AddScoped<ITurnHandler, EngineTurnHandler>();
        return services;
    }
}
