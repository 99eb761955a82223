using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;

namespace ChatCommerce.Load;

/// <summary>
/// The least a webhook endpoint must do, on bare Kestrel: read the body, verify the signature in
/// constant time, parse the JSON, queue the events, answer 200. Run in its own process on the same
/// CPU as the host, so the host's acknowledgements are measured against this ceiling in the same run.
/// </summary>
public static class Anchor
{
    public static async Task RunAsync(string urls, string lineSecret, string messengerSecret)
    {
        var queue = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true });
        _ = Task.Run(async () =>
        {
            await foreach (var _ in queue.Reader.ReadAllAsync())
            {
            }
        });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        app.MapPost("/webhooks/line", (HttpRequest request) => HandleAsync(request, queue, "events", body => LineSignature.IsValid(lineSecret, body, request.Headers[LineSignature.Header])));
        app.MapPost("/webhooks/messenger", (HttpRequest request) => HandleAsync(request, queue, "entry", body => MessengerSignature.IsValid(messengerSecret, body, request.Headers[MessengerSignature.Header])));
        app.MapGet("/health", () => Results.Ok());
        await app.RunAsync();
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, Channel<JsonElement> queue, string list, Func<byte[], bool> verify)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (!verify(body))
        {
            return Results.Unauthorized();
        }

        using var json = JsonDocument.Parse(body);
        foreach (var item in json.RootElement.GetProperty(list).EnumerateArray())
        {
            queue.Writer.TryWrite(item.Clone());
        }

        return Results.Ok();
    }
}
