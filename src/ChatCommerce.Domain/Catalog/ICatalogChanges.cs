namespace ChatCommerce.Domain.Catalog;

/// <summary>Told when the catalog changed (a product edited, stock reserved or put back), so cached reads refresh.</summary>
public interface ICatalogChanges
{
    void Changed();
}
