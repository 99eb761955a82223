using ChatCommerce.Domain.Catalog;

namespace ChatCommerce.Domain.Orders;

/// <summary>One product (and size, when it has sizes) in a shopper's basket.</summary>
public sealed record BasketLine(string Sku, int Quantity, string? Size = null)
{
    public string Key => Size is null ? Sku : Sku + "/" + Size;
}

/// <summary>
/// What a shopper has picked, kept with the conversation. Immutable: every change returns a new
/// basket, so a turn that loses a race leaves nothing half-changed.
/// </summary>
public sealed record Basket
{
    public const int MaxLines = 20;
    public const int MaxQuantity = 99;

    public IReadOnlyList<BasketLine> Lines { get; init; } = [];

    /// <summary>Voucher codes the shopper entered (as typed; compared without case and dashes).</summary>
    public IReadOnlyList<string> Codes { get; init; } = [];

    /// <summary>The nudge last shown with this basket (promotion, threshold and the basket's content): not shown twice in a row.</summary>
    public string? LastNudge { get; init; }

    /// <summary>At most a few codes are kept: a new one replaces the oldest.</summary>
    public const int MaxCodes = 3;

    public Basket WithCode(string code) => Codes.Any(c => Promotions.Promotion.NormalizeCode(c) == Promotions.Promotion.NormalizeCode(code))
        ? this
        : this with { Codes = [.. Codes.Skip(Math.Max(0, Codes.Count - MaxCodes + 1)), code] };

    public bool IsEmpty => Lines.Count == 0;

    public int ItemCount => Lines.Sum(l => l.Quantity);

    /// <summary>Adds to the line of the same product and size, or a new line; quantities are capped.</summary>
    public Basket Add(string sku, int quantity, string? size)
    {
        var existing = Lines.FirstOrDefault(l => l.Sku == sku && l.Size == size);
        if (existing is null && Lines.Count >= MaxLines)
        {
            throw new InvalidOperationException($"A basket holds at most {MaxLines} lines.");
        }

        var line = new BasketLine(sku, Math.Clamp((existing?.Quantity ?? 0) + quantity, 1, MaxQuantity), size);
        return this with { Lines = existing is null ? [.. Lines, line] : Lines.Select(l => l == existing ? line : l).ToList() };
    }

    /// <summary>Sets a line's quantity; zero removes it.</summary>
    public Basket SetQuantity(string key, int quantity) => this with
    {
        Lines = quantity <= 0
            ? Lines.Where(l => l.Key != key).ToList()
            : Lines.Select(l => l.Key == key ? l with { Quantity = Math.Min(quantity, MaxQuantity) } : l).ToList(),
    };

    public Basket Remove(string key) => SetQuantity(key, 0);

    public static Basket Empty { get; } = new();

    /// <summary>The same lines (in any order) and the same codes: what <see cref="ContentKey"/> tells apart, without hashing.</summary>
    public bool SameContent(Basket other)
    {
        if (ReferenceEquals(this, other) || (ReferenceEquals(Lines, other.Lines) && ReferenceEquals(Codes, other.Codes)))
        {
            return true;
        }

        if (Lines.Count != other.Lines.Count || Codes.Count != other.Codes.Count)
        {
            return false;
        }

        foreach (var line in Lines)
        {
            var found = false;
            foreach (var theirs in other.Lines)
            {
                if (theirs.Sku == line.Sku && theirs.Size == line.Size)
                {
                    found = theirs.Quantity == line.Quantity;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        foreach (var code in Codes)
        {
            var normal = Promotions.Promotion.NormalizeCode(code);
            if (!other.Codes.Any(c => Promotions.Promotion.NormalizeCode(c) == normal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A short fingerprint of the lines and codes: the same basket, the same text.</summary>
    public string ContentKey()
    {
        var text = string.Join("|", Lines.Select(l => $"{l.Key}x{l.Quantity}").Order(StringComparer.Ordinal)) + "#" + string.Join(",", Codes.Select(Promotions.Promotion.NormalizeCode).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..12];
    }

    /// <summary>The sum of the lines at the given prices (lines whose product is gone count zero).</summary>
    public Money Subtotal(IReadOnlyDictionary<string, Product> products) =>
        Lines.Aggregate(Money.Zero, (sum, l) => products.TryGetValue(l.Sku, out var p) ? sum + p.Price * l.Quantity : sum);

    public int WeightGrams(IReadOnlyDictionary<string, Product> products) =>
        Lines.Sum(l => products.TryGetValue(l.Sku, out var p) ? p.WeightGrams * l.Quantity : 0);
}
