using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Client;
using OrleansSync.Runtime.Diagnostics;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Hosting;

public sealed class HostingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleanssync-hosting-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task SiloAndClient_OnOneHost_WithLocalhostClustering_ServeCalls()
    {
        using var host = BuildHost(silo => silo.UseLocalhostClustering());
        await host.StartAsync();

        var client = host.Services.GetRequiredService<IClusterClient>();

        Assert.Equal(7, await client.GetGrain<IEchoGrain>("local").Add(3, 4));
        await host.StopAsync();
    }

    [Fact]
    public async Task InvalidSiloOptions_FailTheStart()
    {
        using var host = BuildHost(silo => silo.UseLocalhostClustering().Configure(o => o.MailboxCapacity = 0));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("MailboxCapacity", ex.Message);
    }

    [Fact]
    public async Task FileStorageWithoutDirectory_FailsTheStart()
    {
        using var host = BuildHost(silo => silo.UseLocalhostClustering().AddFileGrainStorage("files", _ => { }));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("RootDirectory", ex.Message);
    }

    [Fact]
    public async Task FileStorage_StateSurvivesARestartOfTheWholeHost()
    {
        for (var run = 1; run <= 2; run++)
        {
            using var host = BuildHost(silo => silo.UseLocalhostClustering().AddFileGrainStorage(TestCluster.SharedStorageName, o => o.RootDirectory = _root));
            await host.StartAsync();

            var value = await host.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>("durable").Increment();

            Assert.Equal(run, value);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Metrics_CountCallsAndActivations()
    {
        using var host = BuildHost(silo => silo.UseLocalhostClustering());
        var calls = 0L;
        var activations = 0L;
        using var listener = new MeterListener();
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntimeMetrics.MeterName && instrument.Meter.Scope == meterFactory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "orleanssync.grain.calls")
            {
                Interlocked.Add(ref calls, value);
            }
            else if (instrument.Name == "orleanssync.activations")
            {
                Interlocked.Add(ref activations, value);
            }
        });
        listener.Start();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IClusterClient>();

        await client.GetGrain<IEchoGrain>("m1").Echo("a");
        await client.GetGrain<IEchoGrain>("m2").Echo("b");
        await client.GetGrain<IEchoGrain>("m2").Echo("c");

        Assert.Equal(3, Interlocked.Read(ref calls));
        Assert.Equal(2, Interlocked.Read(ref activations));
        await host.StopAsync();
    }

    private static IHost BuildHost(Action<ISiloBuilder> configureSilo)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOrleansSyncSilo(silo =>
        {
            silo.Configure(o => o.SiloName = "solo").AddMemoryGrainStorage(TestCluster.SharedStorageName);
            configureSilo(silo);
        });
        builder.Services.AddOrleansSyncClient(client => client.UseLocalhostClustering());
        return builder.Build();
    }
}
