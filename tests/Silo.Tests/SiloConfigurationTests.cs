using System.Diagnostics;
using Microsoft.Extensions.Options;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// appsettings.json, then ORLEANSSYNC__* environment variables, then the command line. The tests
/// that set environment variables are in this one class (run one at a time) and use keys no other
/// test reads through configuration.
/// </summary>
[Collection(nameof(SiloConfigurationTests))]
public sealed class SiloConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orleanssync-config-").FullName;

    [Fact]
    public void CommandLine_OverridesEnvironment_WhichOverridesAppSettings()
    {
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """{ "OrleansSync": { "Groups": 4, "Replicas": 5, "HttpPort": 9000 } }""");
        Environment.SetEnvironmentVariable("ORLEANSSYNC__REPLICAS", "1");
        Environment.SetEnvironmentVariable("ORLEANSSYNC__HTTPPORT", "9100");
        try
        {
            var (_, options) = SiloConfiguration.Load(["--http-port", "9200", "--clustering=redis", "--base-silo-port", "12000"], _directory);
            Assert.Equal(4, options.Groups);
            Assert.Equal(1, options.Replicas);
            Assert.Equal(9200, options.HttpPort);
            Assert.Equal(12000, options.SiloPort);
            Assert.Equal(ClusteringMode.Redis, options.Clustering);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ORLEANSSYNC__REPLICAS", null);
            Environment.SetEnvironmentVariable("ORLEANSSYNC__HTTPPORT", null);
        }
    }

    [Theory]
    [InlineData(new[] { "--frobnicate", "1" }, "Unknown option --frobnicate.")]
    [InlineData(new[] { "--silos" }, "--silos needs a value.")]
    [InlineData(new[] { "--silos", "--groups", "2" }, "--silos needs a value.")]
    [InlineData(new[] { "stray" }, "Unexpected argument 'stray'")]
    public void BadCommandLine_IsAnArgumentException(string[] args, string expected)
    {
        var exception = Assert.Throws<ArgumentException>(() => SiloConfiguration.Load(args, _directory));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValueOfTheWrongType_NamesTheKey()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => SiloConfiguration.Load(["--silos", "three"], _directory));
        Assert.Contains("OrleansSync:Silos", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKeyInAppSettings_IsAnError()
    {
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """{ "OrleansSync": { "Sillos": 3 } }""");
        var exception = Assert.Throws<InvalidOperationException>(() => SiloConfiguration.Load([], _directory));
        Assert.Contains("Sillos", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidValues_AreAllListed()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => SiloConfiguration.Load(["--silos", "0", "--replicas", "4"], _directory));
        Assert.Equal(2, exception.Failures.Count());
    }

    [Fact]
    public async Task Executable_WithBadConfiguration_ExitsWith2_AndSaysWhy()
    {
        var silo = Path.Combine(AppContext.BaseDirectory, "OrleansSync.Silo.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = _directory };
        foreach (var argument in new[] { silo, "--silos", "12", "--shared-secret", "short" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, process.ExitCode);
        var errors = await stderr;
        Assert.Contains("error: --silos must be 1 to 9 (was 12).", errors, StringComparison.Ordinal);
        Assert.Contains("error: --shared-secret must be at least 16 characters.", errors, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await stdout);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
