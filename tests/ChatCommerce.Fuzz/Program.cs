using System.Text;
using ChatCommerce.Channels.Common;
using ChatCommerce.Channels.Line;
using ChatCommerce.Channels.Messenger;
using ChatCommerce.Domain.Catalog;
using ChatCommerce.Language.Entities;
using SharpFuzz;

// Fuzz targets for AFL (through SharpFuzz): the two webhook parsers and the entity extractor.
// A refusal the code means to make (WebhookFormatException) is an answer; any other exception
// escaping is a crash. Run them with scripts/fuzz.sh, not by hand.
var target = args.FirstOrDefault();
Action<byte[]>? run = target switch
{
    "line" => body => Refusing(() => LineWebhookParser.Parse(body)),
    "messenger" => body => Refusing(() => MessengerWebhookParser.Parse(body)),
    "entities" => Entities(),
    _ => null,
};

if (run is null)
{
    Console.Error.WriteLine("usage: ChatCommerce.Fuzz line|messenger|entities [input file: run it once]");
    return 2;
}

if (args.Length > 1)
{
    // Replays one input (a corpus case or a crash AFL saved) outside AFL, on the build that is
    // not instrumented: dotnet run --project tests/ChatCommerce.Fuzz -- <target> <file>.
    run(File.ReadAllBytes(args[1]));
    Console.WriteLine("ok");
    return 0;
}

Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    run(buffer.ToArray());
});
return 0;

static void Refusing(Action parse)
{
    try
    {
        parse();
    }
    catch (WebhookFormatException)
    {
        // The 400 the webhook answers: a deliberate refusal, not a crash.
    }
}

// Built at the first input: under AFL, instrumented code may run only inside Fuzzer.Run.
static Action<byte[]> Entities()
{
    var extractor = new Lazy<EntityExtractor>(() => new EntityExtractor(ProductLexicon.Build(DemoCatalog.Products)));
    return bytes => extractor.Value.Extract(Encoding.UTF8.GetString(bytes));
}
