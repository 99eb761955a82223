namespace ChatCommerce.Language.Sentiment;

/// <summary>How a shopper feels in one message. The text is only ever analysed, never obeyed.</summary>
public interface ISentimentAnalyzer
{
    Task<SentimentResult> AnalyzeAsync(string text, string? language, CancellationToken cancellationToken);
}
