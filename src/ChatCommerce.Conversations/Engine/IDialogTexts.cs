namespace ChatCommerce.Conversations.Engine;

/// <summary>The engine's own sentences (flow restarted, offer of staff), from the reply catalogs.</summary>
public interface IDialogTexts
{
    string Get(string locale, string key);
}
