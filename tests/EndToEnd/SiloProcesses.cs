using System.Globalization;

namespace OrleansSync.EndToEnd;

/// <summary>
/// Silo processes of the built host in the one-silo-per-process form: Redis clustering, free
/// silo, gateway and HTTP ports each, and one shared data directory (ADR 0004: replicas of a group
/// must find their WALs wherever they are re-activated).
/// </summary>
internal sealed class SiloProcesses : IAsyncDisposable
{
    public const int GroupCount = 2;
    private static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(200);
    private readonly List<(string Name, ChildProcess Process, int GatewayPort, int HttpPort)> _silos = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public IReadOnlyList<string> Gateways => [.. _silos.Select(s => $"127.0.0.1:{s.GatewayPort}")];

    public static SiloProcesses Start(BuiltExecutables built, string redisEndpoint, string dataDirectory, int count)
    {
        var silos = new SiloProcesses();
        var ports = FreePorts.Take(3 * count);
        for (var i = 0; i < count; i++)
        {
            var (siloPort, gatewayPort, httpPort) = (ports[3 * i], ports[(3 * i) + 1], ports[(3 * i) + 2]);
            var name = $"e2e-{i}";
            string[] arguments =
            [
                built.SiloDll, "--clustering", "redis", "--redis", redisEndpoint, "--silos", "1", "--name", name,
                "--silo-port", Text(siloPort), "--gateway-port", Text(gatewayPort), "--http-port", Text(httpPort),
                "--data-dir", dataDirectory, "--groups", Text(GroupCount),
            ];
            silos._silos.Add((name, ChildProcess.Start(name, built.DotnetHost, arguments, dataDirectory), gatewayPort, httpPort));
        }

        return silos;
    }

    /// <summary>Polls every silo's <c>/health</c> until all answer 200 (joined, every group led), within <paramref name="timeout"/>.</summary>
    public async Task WaitForHealthAsync(TimeSpan timeout, string phase)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var pending = _silos.Where(s => !s.Process.HasExited).ToList();
        while (pending.Count > 0)
        {
            var answers = await Task.WhenAll(pending.Select(async silo => (silo, Healthy: await IsHealthyAsync(silo.HttpPort))));
            pending = [.. answers.Where(a => !a.Healthy).Select(a => a.silo)];
            if (pending.Count == 0)
            {
                return;
            }

            if (deadline.IsCancellationRequested || pending.Any(s => s.Process.HasExited))
            {
                throw new TimeoutException(
                    $"Phase '{phase}': {string.Join(", ", pending.Select(s => s.Name))} not healthy within {timeout.TotalSeconds} s.\n{OutputOfAll()}");
            }

            await Task.Delay(HealthPollInterval, CancellationToken.None);
        }
    }

    /// <summary>SIGKILLs the silo of that name.</summary>
    public async Task KillAsync(string name)
    {
        var silo = _silos.Single(s => s.Name == name);
        await silo.Process.KillAsync();
    }

    public string OutputOfAll() => string.Join('\n', _silos.Select(s => s.Process.Output()));

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.Process.DisposeAsync();
        }

        _http.Dispose();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<bool> IsHealthyAsync(int httpPort)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/health"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false; // not listening yet (or busy starting): asked again next round
        }
    }
}
