using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ChatCommerce.Channels.Line;
using ChatCommerce.Domain.Messaging;
using ChatCommerce.Domain.Serialization;

namespace ChatCommerce.Benchmarks;

/// <summary>
/// A LINE text event as the intake stores it (the inbox row's JSON) and as a drain reads it back,
/// against a baseline measured in the same run: parsing the webhook's body, which every
/// acknowledgement does before it stores anything. The body is the shape the end-to-end bench sends.
/// </summary>
[MemoryDiagnoser]
public class StoredEventBenchmarks
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[{"type":"message","mode":"active","timestamp":1764990000000,"webhookEventId":"01JEXAMPLE7C3B9F1D2E4A6B8C0","deliveryContext":{"isRedelivery":false},"source":{"type":"user","userId":"U0000000000000000000000000000002a"},"replyToken":"b60d432864f44d079f6d8efe86cf404b","message":{"type":"text","id":"100000000000000042","quoteToken":"q42","text":"เสื้อยืดสีดำราคาเท่าไหร่คะ"}}]}""");

    private readonly InboundEvent parsed = LineWebhookParser.Parse(Body).Events[0];
    private string stored = "";

    [GlobalSetup]
    public void Setup()
    {
        stored = JsonSerializer.Serialize(parsed, DomainJson.Stored.InboundEvent);
        Console.WriteLine($"// stored event: {stored.Length} characters, {Encoding.UTF8.GetByteCount(stored)} bytes");
    }

    [Benchmark]
    public int Store() => JsonSerializer.Serialize(parsed, DomainJson.Stored.InboundEvent).Length;

    [Benchmark]
    public int Read() => JsonSerializer.Deserialize(stored, DomainJson.Default.InboundEvent)!.RawJson.Length;

    [Benchmark(Baseline = true)]
    public int ParseWebhook() => LineWebhookParser.Parse(Body).Events.Count;
}
