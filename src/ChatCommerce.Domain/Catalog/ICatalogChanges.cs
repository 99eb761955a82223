namespace ChatCommerce.Domain.Catalog;

/// <summary>Told when the catalog changed (a product edited, stock reserved or put back), so cached reads refresh.</summary>
public interface ICatalogChanges
{
    /// <summary>A product was edited, added or removed: what the bot shows changes at once.</summary>
    void Changed();

    /// <summary>Stock was reserved or put back: shown within <c>Catalog:StockSettle</c> (an order reserves against the database, not the cache).</summary>
    void StockChanged();
}
