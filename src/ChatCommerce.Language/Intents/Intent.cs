namespace ChatCommerce.Language.Intents;

/// <summary>The intent labels, exactly as the model and the evaluation files spell them.</summary>
public static class Intent
{
    public const string Greeting = "greeting";
    public const string Browse = "browse";
    public const string ProductInfo = "product_info";
    public const string AddToCart = "add_to_cart";
    public const string ViewCart = "view_cart";
    public const string Checkout = "checkout";
    public const string Payment = "payment";
    public const string OrderStatus = "order_status";
    public const string Promotion = "promotion";
    public const string Complaint = "complaint";
    public const string HumanAgent = "human_agent";
    public const string Cancel = "cancel";
    public const string Thanks = "thanks";
    public const string Unknown = "unknown";

    public static IReadOnlyList<string> Known { get; } =
        [Greeting, Browse, ProductInfo, AddToCart, ViewCart, Checkout, Payment, OrderStatus, Promotion, Complaint, HumanAgent, Cancel, Thanks];
}
