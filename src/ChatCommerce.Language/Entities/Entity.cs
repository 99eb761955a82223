namespace ChatCommerce.Language.Entities;

/// <summary>
/// Something recognised in a message: its type, where it stands in the normalised text, and its
/// value in canonical form (a number, a phone number of ten digits, a SKU, a colour name…).
/// </summary>
public sealed record Entity(string Type, string Text, int Start, string Value);

public static class EntityType
{
    public const string Quantity = "quantity";
    public const string Product = "product";
    public const string Colour = "colour";
    public const string Size = "size";
    public const string Phone = "phone";
    public const string Postcode = "postcode";
    public const string Address = "address";
    public const string OrderNumber = "order_number";
    public const string Money = "money";
}
