using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Silo processes of the Redis form for the SIGKILL failover benchmark: the built silo dll run
/// with <c>dotnet</c>, one process per silo (its own fixed silo, gateway and HTTP ports and its own
/// data directory, so that a restart finds its WALs), output appended to a log file per silo.
/// <see cref="KillAsync"/> is a real SIGKILL (<see cref="Process.Kill()"/> on Linux); disposing kills
/// every process still running.
/// </summary>
internal sealed class SiloProcessSet : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _siloDll;
    private readonly string _redis;
    private readonly string _directory;
    private readonly int _groups;
    private readonly int _basePort;
    private readonly Process?[] _processes;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public SiloProcessSet(string siloDll, string redis, string directory, int count, int groups, int basePort)
    {
        _siloDll = siloDll;
        _redis = redis;
        _directory = directory;
        _groups = groups;
        _basePort = basePort;
        _processes = new Process?[count];
    }

    public int Count => _processes.Length;

    public static string NameOf(int index) => $"sigkill-{index}";

    public System.Net.IPEndPoint Gateway(int index) => new(System.Net.IPAddress.Loopback, _basePort + 100 + index);

    public Uri Http(int index) => new($"http://127.0.0.1:{_basePort + 200 + index}/");

    public int IndexOf(string siloName) => Enumerable.Range(0, Count).Single(i => NameOf(i) == siloName);

    public void Start(int index)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        string[] arguments =
        [
            _siloDll, "--clustering", "redis", "--redis", _redis, "--silos", "1", "--name", NameOf(index),
            "--silo-port", Text(_basePort + index), "--gateway-port", Text(_basePort + 100 + index), "--http-port", Text(_basePort + 200 + index),
            "--data-dir", Path.Combine(_directory, "data"), "--groups", Text(_groups),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(Path.Combine(_directory, $"{NameOf(index)}.log"), append: true) { AutoFlush = true };
        var writer = TextWriter.Synchronized(log);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Write(writer, line.Data);
        process.ErrorDataReceived += (_, line) => Write(writer, line.Data);
        process.Exited += (_, _) => writer.Dispose();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes[index] = process;
    }

    /// <summary>SIGKILLs silo <paramref name="index"/> and waits (bounded) until the process is gone.</summary>
    public async Task KillAsync(int index)
    {
        var process = _processes[index] ?? throw new InvalidOperationException($"{NameOf(index)} is not running.");
        process.Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        process.Dispose();
        _processes[index] = null;
    }

    /// <summary>Whether every silo answers <c>/health</c> 200 (joined, every group led).</summary>
    public async Task<bool> AllHealthyAsync(CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, Count).Select(async i =>
        {
            try
            {
                using var response = await _http.GetAsync(new Uri(Http(i), "health"), cancellationToken);
                return response.IsSuccessStatusCode;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }));
        return answers.All(healthy => healthy);
    }

    /// <summary>Group <paramref name="group"/> as silo <paramref name="index"/>'s <c>/status</c> reports it, or null if it did not answer.</summary>
    public async Task<StatusGroup?> GroupAsync(int index, int group, CancellationToken cancellationToken)
    {
        try
        {
            var status = await _http.GetFromJsonAsync<StatusBody>(new Uri(Http(index), "status"), Json, cancellationToken);
            return status?.Groups.SingleOrDefault(g => g.Group == group);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _processes.Length; i++)
        {
            if (_processes[i] is { HasExited: false })
            {
                await KillAsync(i);
            }

            _processes[i]?.Dispose();
        }

        _http.Dispose();
    }

    private static void Write(TextWriter writer, string? line)
    {
        if (line is null)
        {
            return;
        }

        try
        {
            writer.WriteLine(line);
        }
        catch (ObjectDisposedException)
        {
            // The process exited and its log closed; a last line racing the exit is dropped.
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The part of <c>/status</c> the benchmark reads.</summary>
    internal sealed record StatusBody(List<StatusGroup> Groups);

    /// <summary>One group of <c>/status</c>: its leader, voters and each replica's reported status.</summary>
    internal sealed record StatusGroup(int Group, int? LeaderReplica, string? LeaderSilo, ulong Term, List<int> Voters, List<StatusReplica> Replicas)
    {
        /// <summary>A leader, exactly <paramref name="replicaCount"/> voters, and every voter answering as leader or follower from a distinct silo among <paramref name="live"/>.</summary>
        public bool IsReplicatedOn(IReadOnlySet<string> live, int replicaCount)
        {
            var silos = Replicas
                .Where(r => Voters.Contains(r.Replica) && r.Status is { Role: "Leader" or "Follower" })
                .Select(r => r.Status!.Silo)
                .ToList();
            return LeaderReplica is not null && Voters.Count == replicaCount && silos.Count == replicaCount && silos.Distinct().Count() == replicaCount && silos.All(live.Contains);
        }
    }

    internal sealed record StatusReplica(int Replica, StatusPeer? Status);

    internal sealed record StatusPeer(string Role, string Silo, ulong Term);
}
