using System.Collections.Concurrent;
using ChatCommerce.Infrastructure.Demo;

namespace ChatCommerce.Web.Media;

/// <summary>GET /media/products/{sku}.png: the demo shop's generated product pictures.</summary>
public static class ProductImageEndpoint
{
    private static readonly ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    public static void MapProductImages(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/media/products/{file}", (string file) =>
        {
            if (!file.EndsWith(".png", StringComparison.Ordinal) || file.Length > 68
                || !file[..^4].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return Results.NotFound();
            }

            var png = Cache.GetOrAdd(file, f => ProductImage.Png(f[..^4]));
            return Results.File(png, "image/png");
        });
}
