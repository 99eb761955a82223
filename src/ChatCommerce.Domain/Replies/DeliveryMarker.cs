using System.Globalization;

namespace ChatCommerce.Domain.Replies;

/// <summary>
/// Which outbox message and part a sent message is: "cc:{idempotency seed}#{part}". Messenger
/// echoes it back (message metadata), which proves the part arrived even when its answer did not.
/// </summary>
public static class DeliveryMarker
{
    private const string Prefix = "cc:";

    public static string Format(string seed, int part, int maxLength)
    {
        var suffix = "#" + part.ToString(CultureInfo.InvariantCulture);
        var room = maxLength - Prefix.Length - suffix.Length;
        return Prefix + (seed.Length <= room ? seed : seed[..room]) + suffix;
    }

    public static bool TryParse(string? marker, out string seed, out int part)
    {
        seed = "";
        part = 0;
        if (marker is null || !marker.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hash = marker.LastIndexOf('#');
        if (hash <= Prefix.Length || !int.TryParse(marker.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out part))
        {
            return false;
        }

        seed = marker[Prefix.Length..hash];
        return true;
    }
}
