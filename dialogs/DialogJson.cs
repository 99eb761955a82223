using System.Text.Json.Serialization;

namespace ChatCommerce.Dialogs;

[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class DialogJson : JsonSerializerContext;
