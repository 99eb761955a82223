using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace ChatCommerce.Load;

/// <summary>
/// What the stand-in platform needs of a send, read in one pass over its bytes (no document built:
/// the tool shares a core with the database, and every reply was parsed into nodes and walked).
/// </summary>
public sealed record SendBody(string? ReplyToken, bool SenderAction, string? RecipientId, string? Metadata, IReadOnlyList<(string Label, string Data)> Buttons)
{
    public static async Task<SendBody> ReadAsync(PipeReader body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken);
            if (result.IsCompleted)
            {
                try
                {
                    return Read(result.Buffer);
                }
                finally
                {
                    body.AdvanceTo(result.Buffer.End);
                }
            }

            body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>
    /// The reply token, Messenger's sender action, recipient and message metadata, and every postback
    /// button inside the messages (LINE quick replies, Flex and template actions; Messenger quick
    /// replies and buttons), in the order they appear.
    /// </summary>
    public static SendBody Read(ReadOnlySequence<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var buttons = new List<(string, string)>();
        var frames = new Stack<Frame>();
        string? property = null, token = null, recipient = null, metadata = null;
        var senderAction = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    if (frames.Count == 1 && property == "sender_action")
                    {
                        senderAction = true;
                    }

                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    frames.Push(new Frame(reader.TokenType == JsonTokenType.StartObject, property));
                    property = null;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    var frame = frames.Pop();
                    if (frame.IsObject && frames.Count >= 1 && frame.Button() is { } button)
                    {
                        buttons.Add(button);
                    }

                    property = null;
                    break;
                case JsonTokenType.String:
                    var value = reader.GetString();
                    var top = frames.Peek();
                    if (top.IsObject && property is not null)
                    {
                        top.Set(property, value);
                        var parent = top.Name;
                        switch (frames.Count)
                        {
                            case 1 when property == "replyToken":
                                token = value;
                                break;
                            case 2 when parent == "recipient" && property == "id":
                                recipient = value;
                                break;
                            case 2 when parent == "message" && property == "metadata":
                                metadata = value;
                                break;
                        }
                    }

                    property = null;
                    break;
                default:
                    property = null;
                    break;
            }
        }

        return new SendBody(token, senderAction, recipient, metadata, buttons);
    }

    /// <summary>An object (its own strings that make a button) or an array, and the property it is the value of.</summary>
    private sealed class Frame(bool isObject, string? name)
    {
        private string? _type, _label, _title, _data, _payload, _contentType;

        public bool IsObject => isObject;

        public string? Name => name;

        public void Set(string property, string? value)
        {
            switch (property)
            {
                case "type": _type = value; break;
                case "label": _label = value; break;
                case "title": _title = value; break;
                case "data": _data = value; break;
                case "payload": _payload = value; break;
                case "content_type": _contentType = value; break;
            }
        }

        public (string, string)? Button() =>
            _type == "postback" && (_label ?? _title) is { } label && (_data ?? _payload) is { } data ? (label, data)
            : _contentType == "text" && _title is { } title && _payload is { } payload ? (title, payload)
            : null;
    }
}
