using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Shop;
using ChatCommerce.Domain.Understanding;
using Microsoft.Extensions.Options;

namespace ChatCommerce.Conversations.Turns.Steps;

/// <summary>Intent, sentiment and entities of a typed message (buttons and follows carry their meaning already).</summary>
public sealed class UnderstandStep(IMessageUnderstander understander, IOptions<ShopOptions> shop) : ITurnStep
{
    public async ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var inbound = turn.Event;
        if (turn.Understood || inbound.Kind != InboundEventKind.Message || string.IsNullOrWhiteSpace(inbound.Text) || inbound.Payload is not null)
        {
            return;
        }

        turn.Understanding = await understander.UnderstandAsync(inbound.Text, turn.WrittenLocale ?? (turn.IsNewState ? Locales.Initial(turn.StoredContact?.Language, shop.Value.DefaultLocale) : turn.State.Locale), cancellationToken);
        turn.Understood = true;
    }
}
