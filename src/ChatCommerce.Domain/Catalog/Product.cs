namespace ChatCommerce.Domain.Catalog;

public sealed class Product
{
    public required string Sku { get; init; }

    /// <summary>The short code Facebook Live viewers type ("cf dm1 2").</summary>
    public required string CfCode { get; set; }

    public required string CategoryId { get; set; }

    public required string NameTh { get; set; }

    public required string NameEn { get; set; }

    public string DescriptionTh { get; set; } = "";

    public string DescriptionEn { get; set; } = "";

    public long PriceSatang { get; set; }

    public int Stock { get; set; }

    public int WeightGrams { get; set; }

    /// <summary>Path or absolute URL of the product picture.</summary>
    public string ImagePath { get; set; } = "";

    public bool Active { get; set; } = true;

    public Money Price => new(PriceSatang);

    public bool InStock => Stock > 0;

    public string Name(string locale) => locale == "en" ? NameEn : NameTh;
}
