using ChatCommerce.Domain.Catalog;
using ChatCommerce.Infrastructure.Demo;
using Microsoft.Extensions.Caching.Memory;

namespace ChatCommerce.Web.Media;

/// <summary>
/// GET /media/products/{sku}.png: the generated picture of a product in the catalog. Names of
/// no product are 404 (nothing is drawn for them), and the drawn pictures share a cache of
/// bounded size, so no stream of made-up names can grow the host's memory.
/// </summary>
public static class ProductImageEndpoint
{
    public static IServiceCollection AddProductImages(this IServiceCollection services) =>
        services.AddSingleton<ProductPictures>();

    public static void MapProductImages(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/media/products/{file}", async (string file, ICatalogReader catalog, ProductPictures pictures, CancellationToken cancellationToken) =>
        {
            if (!file.EndsWith(".png", StringComparison.Ordinal) || file.Length > 68
                || !file[..^4].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return Results.NotFound();
            }

            var sku = file[..^4];
            if (await catalog.FindAsync(sku, cancellationToken) is null)
            {
                return Results.NotFound();
            }

            return Results.File(pictures.Get(sku), "image/png");
        });
}

/// <summary>Drawn product pictures, kept up to <see cref="MaxBytes"/> in all (least used go first).</summary>
public sealed class ProductPictures : IDisposable
{
    public const long MaxBytes = 16 * 1024 * 1024;

    private readonly MemoryCache _cache;

    public ProductPictures() : this(MaxBytes)
    {
    }

    public ProductPictures(long maxBytes) => _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = maxBytes, CompactionPercentage = 0.25 });

    public byte[] Get(string sku)
    {
        if (_cache.TryGetValue(sku, out byte[]? png) && png is not null)
        {
            return png;
        }

        png = ProductImage.Png(sku);
        _cache.Set(sku, png, new MemoryCacheEntryOptions { Size = png.Length, SlidingExpiration = TimeSpan.FromHours(6) });
        return png;
    }

    /// <summary>Pictures held now.</summary>
    public int Count => _cache.Count;

    public void Dispose() => _cache.Dispose();
}
