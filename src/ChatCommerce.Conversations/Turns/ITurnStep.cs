namespace ChatCommerce.Conversations.Turns;

/// <summary>One step of the turn pipeline (see <see cref="TurnPipeline"/> for the list).</summary>
public interface ITurnStep
{
    ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken);
}
