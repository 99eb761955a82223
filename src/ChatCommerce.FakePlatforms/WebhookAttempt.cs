using System.Net;

namespace ChatCommerce.FakePlatforms;

/// <summary>What happened when a fake platform delivered one webhook.</summary>
public sealed record WebhookAttempt(HttpStatusCode? Status, TimeSpan Elapsed, bool TimedOut, string Body, IReadOnlyList<string> EventIds)
{
    public bool Succeeded => Status == HttpStatusCode.OK && !TimedOut;
}
