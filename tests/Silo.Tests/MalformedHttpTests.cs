using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// Malformed HTTP over raw sockets, from a fixed corpus and from seeded random mutations of valid
/// requests: no answer is a 5xx, and every 4xx is problem details whose code Silo/README.md
/// documents. The mutation seed is printed; set ORLEANSSYNC_TEST_SEED to replay one.
/// </summary>
[Collection(EmbeddedClusterCollection.Name)]
public sealed class MalformedHttpTests(EmbeddedClusterFixture cluster, ITestOutputHelper output)
{
    private const string SeedVariable = "ORLEANSSYNC_TEST_SEED";
    private const int Mutations = 150;

    [Fact]
    public async Task Corpus_EveryMalformedRequest_IsA4xxProblemWithADocumentedCode()
    {
        var server = cluster.Process.Nodes[0].HttpAddress;
        var corpus = MalformedHttpCorpus.Build($"{server.Host}:{server.Port}");
        Assert.True(corpus.Count >= 100, $"The corpus has only {corpus.Count} requests.");

        var failures = new List<string>();
        foreach (var (name, request, mustRefuse) in corpus)
        {
            var responses = await RawHttp.SendAsync(server, request);
            if (responses.Count == 0)
            {
                failures.Add($"{name}: no answer");
                continue;
            }

            var first = responses[0];
            if (mustRefuse && first.Status is < 400 or >= 500)
            {
                failures.Add($"{name}: answered {first.Status}, not a 4xx");
            }

            failures.AddRange(responses.Select(r => Check(r)).OfType<string>().Select(f => $"{name}: {f}"));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {corpus.Count} requests:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task RandomMutationsOfValidRequests_NeverGetA5xxOrABare4xx()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var fixedSeed)
            ? fixedSeed
            : Environment.TickCount;
        output.WriteLine($"seed={seed} (reproduce with {SeedVariable}={seed})");
        var random = new Random(seed);
        var server = cluster.Process.Nodes[1].HttpAddress;
        var templates = ValidRequests($"{server.Host}:{server.Port}");

        var failures = new List<string>();
        var answered = new SortedDictionary<int, int>();
        for (var i = 0; i < Mutations; i++)
        {
            var (head, body) = templates[random.Next(templates.Count)];
            var mutated = HttpMutator.Mutate(random, head, body, out var description);
            var responses = await RawHttp.SendAsync(server, mutated);
            if (responses.Count == 0)
            {
                failures.Add($"#{i} {description}: no answer to {Show(mutated)}");
                continue;
            }

            foreach (var response in responses)
            {
                answered[response.Status] = answered.GetValueOrDefault(response.Status) + 1;
                if (Check(response) is { } failure)
                {
                    failures.Add($"#{i} {description}: {failure} for {Show(mutated)}");
                }
            }
        }

        output.WriteLine("statuses: " + string.Join(", ", answered.Select(p => $"{p.Key}x{p.Value}")));
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} failures:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void EveryProblemCodeOfTheApi_IsDocumented()
    {
        var constants = typeof(Api.ProblemCodes).GetFields()
            .Where(f => f.IsLiteral && f.Name != nameof(Api.ProblemCodes.TypePrefix))
            .Select(f => (string)f.GetRawConstantValue()!);
        var lockCodes = Enum.GetValues<Grains.Interfaces.Locks.LockErrorCode>()
            .Where(c => c != Grains.Interfaces.Locks.LockErrorCode.None)
            .Select(Api.ProblemCodes.Of);

        var missing = constants.Concat(lockCodes).Where(c => !DocumentedProblemCodes.All.Contains(c)).ToList();

        Assert.True(missing.Count == 0, "Not in Silo/README.md's error table: " + string.Join(", ", missing));
    }

    /// <summary>Null if the response keeps the rules; else what is wrong.</summary>
    private static string? Check(RawHttpResponse response)
    {
        if (response.Status >= 500)
        {
            return $"answered {response.Status}: {Encoding.UTF8.GetString(response.Body)}";
        }

        if (response.Status < 400)
        {
            return null;
        }

        if (response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) != true)
        {
            return $"{response.Status} with Content-Type '{response.ContentType}'";
        }

        try
        {
            var problem = JsonDocument.Parse(response.Body).RootElement;
            var code = problem.GetProperty("code").GetString() ?? string.Empty;
            return !DocumentedProblemCodes.All.Contains(code) ? $"{response.Status} with undocumented code '{code}'"
                : problem.GetProperty("type").GetString() != "urn:orleanssync:error:" + code ? $"{response.Status} whose type does not end in '{code}'"
                : problem.GetProperty("status").GetInt32() != response.Status ? $"{response.Status} whose body says status {problem.GetProperty("status")}"
                : null;
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"{response.Status} with a body that is not a problem: {exception.Message}";
        }
    }

    private static List<(string Head, string Body)> ValidRequests(string host)
    {
        (string, string) Post(string path, string body) =>
            ($"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n", body);
        return
        [
            Post("/locks/mutated-a/try", "{\"mode\":\"shared\",\"ttlMs\":2000}"),
            Post("/locks/mutated-b/acquire", "{\"mode\":\"exclusive\",\"ttlMs\":2000,\"waitMs\":0}"),
            Post("/locks/mutated-c/release", "{\"leaseId\":123456789}"),
            Post("/locks/mutated-d/keepalive", "{\"leaseId\":987654321}"),
            ($"GET /locks/mutated-e HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\nConnection: close\r\n\r\n", string.Empty),
            ($"GET /health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n", string.Empty),
        ];
    }

    private static string Show(byte[] request)
    {
        var text = Encoding.Latin1.GetString(request);
        var shown = string.Concat(text.Take(300).Select(c => c is < ' ' or > '~' ? $"\\x{(int)c:x2}" : c.ToString()));
        return text.Length > 300 ? shown + "..." : shown;
    }
}
