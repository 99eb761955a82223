using System.Text.Json.Serialization;

namespace ChatCommerce.Dialogs;

[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Welcome.WelcomeState))]
[JsonSerializable(typeof(Shopping.AddToBasketState))]
[JsonSerializable(typeof(Checkout.CheckoutState))]
[JsonSerializable(typeof(Complaints.CsatCommentState))]
[JsonSerializable(typeof(Complaints.ComplaintState))]
public sealed partial class DialogJson : JsonSerializerContext;
