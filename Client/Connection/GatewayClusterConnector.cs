using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansSync.Client.Cli;
using OrleansSync.Runtime.Client;

namespace OrleansSync.Client.Connection;

/// <summary>Connects as an Orleans-style client through TCP gateways (<c>UseStaticClustering</c>).</summary>
internal sealed class GatewayClusterConnector(LogLevel logLevel) : IClusterConnector
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    public async Task<ClusterConnection> ConnectAsync(ClientSettings settings, CancellationToken cancellationToken)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().SetMinimumLevel(logLevel).AddSimpleConsole(console => console.SingleLine = true);
        builder.Services.AddOrleansSyncClient(client => client
            .UseStaticClustering([.. settings.Gateways])
            .Configure(options => options.ClientName = "cli")
            .ConfigureMessaging(messaging =>
            {
                messaging.ClusterId = settings.ClusterId;
                messaging.SharedSecret = settings.SharedSecret;
                messaging.ConnectTimeoutMs = (int)Math.Min(settings.ConnectTimeout.TotalMilliseconds, int.MaxValue);
            }));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is Microsoft.Extensions.Options.OptionsValidationException)
        {
            host.Dispose();
            throw new CliException(ExitCodes.BadInput, ErrorCodes.BadInput, $"The client configuration is not valid: {exception.Message}", exception);
        }

        var grains = host.Services.GetRequiredService<IClusterClient>();
        return await ClusterConnection.OpenAsync(grains, settings.GatewayList, settings.ConnectTimeout, () => StopAsync(host), cancellationToken);
    }

    private static async ValueTask StopAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await host.StopAsync(timeout.Token);
        }
        finally
        {
            host.Dispose();
        }
    }
}
