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

    /// <summary>Sizes the shopper picks from ("S", "M", …); empty when the product has one size.</summary>
    public List<string> Sizes { get; set; } = [];

    /// <summary>When an out-of-stock product is expected back (UTC), if the shop knows.</summary>
    public DateOnly? RestockOn { get; set; }

    public Money Price => new(PriceSatang);

    public bool InStock => Stock > 0;

    public string Name(string locale) => locale == "en" ? NameEn : NameTh;
}
