namespace ChatCommerce.Conversations.Engine;

/// <summary>The flows in progress, innermost last (order → address → back to order).</summary>
public sealed record DialogStack
{
    public static DialogStack Empty { get; } = new();

    public IReadOnlyList<DialogFrame> Frames { get; init; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public DialogFrame? Top => Frames.Count == 0 ? null : Frames[^1];

    public DialogStack Push(DialogFrame frame) => this with { Frames = [.. Frames, frame] };

    public DialogStack Pop() => this with { Frames = Frames.Count == 0 ? [] : Frames.Take(Frames.Count - 1).ToList() };

    public DialogStack ReplaceTop(DialogFrame frame) => Pop().Push(frame);
}
