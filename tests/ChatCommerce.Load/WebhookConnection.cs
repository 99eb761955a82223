using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChatCommerce.Load;

/// <summary>
/// One keep-alive HTTP/1.1 connection that posts webhooks and reads the status of each answer.
/// Hand-written so that the load generator costs little CPU (the host is measured, not this).
/// </summary>
public sealed class WebhookConnection(IPEndPoint server) : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _socket;
    private int _start;
    private int _end;

    /// <summary>Posts the webhook; returns the HTTP status, or 0 when the connection failed (refused, reset).</summary>
    public async Task<int> PostAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            _socket ??= await ConnectAsync(cancellationToken);
            var head = Encoding.ASCII.GetBytes(
                $"POST {delivery.Path} HTTP/1.1\r\nHost: {server}\r\nContent-Type: application/json\r\nContent-Length: {delivery.Body.Length.ToString(CultureInfo.InvariantCulture)}\r\n{delivery.SignatureHeader}: {delivery.Signature}\r\n\r\n");
            await _socket.SendAsync(head, SocketFlags.None, cancellationToken);
            await _socket.SendAsync(delivery.Body, SocketFlags.None, cancellationToken);
            return await ReadResponseAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException)
        {
            Drop();
            return 0;
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, cancellationToken);
            _start = _end = 0;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<int> ReadResponseAsync(CancellationToken cancellationToken)
    {
        // Headers end at an empty line; the body length is in Content-Length (Kestrel always sends it here).
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            await FillAsync(cancellationToken);
        }

        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd);
        var status = int.Parse(head.AsSpan(9, 3), CultureInfo.InvariantCulture);
        var length = 0;
        var chunked = false;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line.AsSpan(15).Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
        }

        _start += headerEnd + 4;
        if (chunked)
        {
            // Chunks: a hex size line, the data, CRLF; a zero-size chunk and a blank line end it.
            while (true)
            {
                int lineEnd;
                while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
                {
                    await FillAsync(cancellationToken);
                }

                var size = int.Parse(Encoding.ASCII.GetString(_buffer, _start, lineEnd).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                _start += lineEnd + 2;
                while (_end - _start < size + 2)
                {
                    await FillAsync(cancellationToken);
                }

                _start += size + 2;
                if (size == 0)
                {
                    break;
                }
            }
        }
        else
        {
            while (_end - _start < length)
            {
                await FillAsync(cancellationToken);
            }

            _start += length;
        }
        if (head.Contains("Connection: close", StringComparison.OrdinalIgnoreCase))
        {
            Drop();
        }

        return status;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidDataException("Answer larger than the buffer.");
        }

        var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }

        _end += read;
    }

    private void Drop()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    public void Dispose() => Drop();
}
