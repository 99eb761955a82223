namespace ChatCommerce.Domain.Understanding;

/// <summary>Understands one message of a shopper (intent, entities, sentiment).</summary>
public interface IMessageUnderstander
{
    Task<MessageUnderstanding> UnderstandAsync(string text, string locale, CancellationToken cancellationToken);
}
