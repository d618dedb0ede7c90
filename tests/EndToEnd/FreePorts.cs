using System.Net;
using System.Net.Sockets;

namespace OrleansSync.EndToEnd;

/// <summary>Distinct free loopback ports, probed by binding to port 0 (all held until every one is chosen, so none repeats).</summary>
internal static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }
}
