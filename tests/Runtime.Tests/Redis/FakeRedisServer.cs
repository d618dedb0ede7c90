using System.Net;
using System.Net.Sockets;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>
/// A scripted TCP peer standing in for Redis: for each command frame it receives it sends the next
/// canned reply bytes, so tests can feed the client malformed or truncated replies.
/// </summary>
internal sealed class FakeRedisServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, byte[]?> _replyForCommand;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <param name="replyForCommand">Bytes to answer command number n (0-based) with; null closes the connection.</param>
    public FakeRedisServer(Func<int, byte[]?> replyForCommand)
    {
        _replyForCommand = replyForCommand;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop with one of these.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var socket = await _listener.AcceptSocketAsync(_stop.Token);
            await ServeAsync(socket);
        }
    }

    /// <summary>Counts commands by their leading '*' (tests send only small commands without '*' in arguments).</summary>
    private async Task ServeAsync(Socket socket)
    {
        var buffer = new byte[4096];
        var command = 0;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            for (var index = 0; index < read; index++)
            {
                if (buffer[index] != (byte)'*')
                {
                    continue;
                }

                var reply = _replyForCommand(command++);
                if (reply is null)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }

                await socket.SendAsync(reply, _stop.Token);
            }
        }
    }
}
