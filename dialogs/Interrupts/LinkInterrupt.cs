using ChatCommerce.Conversations.Engine;
using ChatCommerce.Conversations.Turns;
using ChatCommerce.Domain.Customers;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Replies;

namespace ChatCommerce.Dialogs.Interrupts;

/// <summary>
/// Linking a shopper's LINE and Messenger chats: "เชื่อมบัญชี" / "link account" gives a one-time
/// code, typed in the other app it makes the two one customer (orders, history, consent together).
/// The code is eight letters and digits (not guessable), valid ten minutes, used once.
/// </summary>
public sealed class LinkInterrupt(ReplyTexts texts, ICustomerLinks links) : IInterrupt
{
    private static readonly string[] AskPhrases = ["เชื่อมบัญชี", "เชื่อมต่อบัญชี", "ผูกบัญชี", "link account", "link my account", "connect account", "link accounts"];
    private static readonly string[] CodePrefixes = ["เชื่อมบัญชี", "เชื่อม", "รหัส", "link", "code"];

    public async ValueTask<InterruptOutcome?> TryHandleAsync(TurnInput input, DialogStack stack, TurnReplies replies, CancellationToken cancellationToken)
    {
        if (input.Event.Payload is not null || input.Event.Text is not { Length: > 0 and <= 60 } text
            || input.Contact?.CustomerId is not { } customer || !input.Event.IsOneToOne)
        {
            return null;
        }

        var locale = input.State.Locale;
        var channel = input.Event.Channel;
        var said = text.Trim().ToLowerInvariant();
        if (LinkCodeText.Normalise(StripPrefix(said)) is { } code)
        {
            if (await links.UseCodeAsync(code, customer, channel.Name(), cancellationToken) is not { } result)
            {
                return null;
            }

            replies.Add(new TextReply(result.Outcome switch
            {
                LinkOutcome.Linked => texts.Get(locale, "link.done", ("channel", ChannelTitle(result.OtherChannel))),
                LinkOutcome.AlreadyLinked => texts.Get(locale, "link.already"),
                _ => texts.Get(locale, "link.other_app", ("channel", ChannelTitle(channel == Channel.Line ? "messenger" : "line"))),
            }));
            return new InterruptOutcome(stack);
        }

        if (!AskPhrases.Any(p => said.Contains(p, StringComparison.Ordinal)))
        {
            return null;
        }

        var fresh = await links.NewCodeAsync(customer, channel.Name(), cancellationToken);
        replies.Add(new TextReply(texts.Get(locale, "link.code",
            ("code", fresh), ("channel", ChannelTitle(channel == Channel.Line ? "messenger" : "line")), ("minutes", ((int)ICustomerLinks.CodeLifetime.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        return new InterruptOutcome(stack);
    }

    private static string StripPrefix(string said)
    {
        foreach (var prefix in CodePrefixes)
        {
            if (said.StartsWith(prefix, StringComparison.Ordinal))
            {
                return said[prefix.Length..].Trim(' ', ':');
            }
        }

        return said;
    }

    private static string ChannelTitle(string? channel) => channel == "messenger" ? "Messenger" : "LINE";
}
