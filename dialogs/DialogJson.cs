using System.Text.Json.Serialization;

namespace ChatCommerce.Dialogs;

[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Welcome.WelcomeState))]
public sealed partial class DialogJson : JsonSerializerContext;
