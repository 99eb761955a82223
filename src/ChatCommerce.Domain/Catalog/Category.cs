namespace ChatCommerce.Domain.Catalog;

public sealed class Category
{
    public required string Id { get; init; }

    public required string NameTh { get; set; }

    public required string NameEn { get; set; }

    public int SortOrder { get; set; }
}
