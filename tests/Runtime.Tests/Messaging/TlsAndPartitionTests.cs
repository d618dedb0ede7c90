using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OrleansSync.Runtime.Messaging;

namespace OrleansSync.Runtime.Tests.Messaging;

public sealed class TlsAndPartitionTests : IAsyncLifetime
{
    private readonly TransportFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Tls_SelfSignedPinnedCertificate_RoundTrips()
    {
        using var certificate = CreateSelfSignedCertificate();
        var thumbprint = certificate.GetCertHashString();
        var options = TransportFixture.Options();
        options.UseTls = true;
        options.TlsServerCertificate = certificate;
        options.TlsTargetHost = "localhost";
        options.TlsRemoteCertificateValidation = (_, remote, _, _) => remote?.GetCertHashString() == thumbprint;
        var (_, silo) = await _fixture.StartSiloAsync(options: options);
        var client = _fixture.Create(options: options);

        var response = await client.SendRequestAsync(silo.Endpoint, "secret payload"u8.ToArray());

        Assert.Equal("secret payload", Encoding.UTF8.GetString(response.Span));
        await _fixture.Logs.WaitForLineAsync("established (inbound)");
    }

    [Fact]
    public async Task Tls_ClientRejectsUnpinnedCertificate_ConnectionFails()
    {
        using var certificate = CreateSelfSignedCertificate();
        var serverOptions = TransportFixture.Options();
        serverOptions.UseTls = true;
        serverOptions.TlsServerCertificate = certificate;
        var clientOptions = TransportFixture.Options();
        clientOptions.UseTls = true;
        clientOptions.TlsTargetHost = "localhost";
        clientOptions.TlsRemoteCertificateValidation = (_, _, _, _) => false;
        var (_, silo) = await _fixture.StartSiloAsync(options: serverOptions);
        var client = _fixture.Create(options: clientOptions);

        await Assert.ThrowsAsync<ConnectionFailedException>(() => client.SendRequestAsync(silo.Endpoint, "x"u8.ToArray()));
    }

    [Fact]
    public async Task Partition_BlocksNewConnections_ClosesExistingOnes_AndHealRestoresTraffic()
    {
        var filter = new NetworkPartitionFilter();
        var (first, firstSilo) = await _fixture.StartSiloAsync(filter: filter);
        var (second, secondSilo) = await _fixture.StartSiloAsync(filter: filter);
        var (third, thirdSilo) = await _fixture.StartSiloAsync(filter: filter);
        await first.SendRequestAsync(secondSilo.Endpoint, "a"u8.ToArray());
        await first.SendRequestAsync(thirdSilo.Endpoint, "a"u8.ToArray());

        filter.Block(firstSilo.Endpoint, secondSilo.Endpoint);

        await Assert.ThrowsAsync<ConnectionFailedException>(() => first.SendRequestAsync(secondSilo.Endpoint, "b"u8.ToArray()));
        await Assert.ThrowsAsync<ConnectionFailedException>(() => second.SendRequestAsync(firstSilo.Endpoint, "b"u8.ToArray()));
        Assert.False(await first.PingAsync(secondSilo, TimeSpan.FromSeconds(5)));
        Assert.True(await first.PingAsync(thirdSilo, TimeSpan.FromSeconds(5)));
        Assert.True(await third.PingAsync(secondSilo, TimeSpan.FromSeconds(5)));

        filter.HealAll();

        Assert.True(await first.PingAsync(secondSilo, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Partition_PendingRequestAcrossNewBlock_FailsWithConnectionLost()
    {
        var filter = new NetworkPartitionFilter();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hanging = new TestInboundHandler(async (_, payload, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            return payload;
        });
        var (_, serverSilo) = await _fixture.StartSiloAsync(hanging, filter: filter);
        var (caller, callerSilo) = await _fixture.StartSiloAsync(filter: filter);
        var pending = caller.SendRequestAsync(serverSilo.Endpoint, "x"u8.ToArray());
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        filter.Partition([callerSilo.Endpoint], [serverSilo.Endpoint]);

        await Assert.ThrowsAsync<ConnectionLostException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10)));
        await _fixture.Logs.WaitForLineAsync("blocked by the connection filter");
    }

    private static X509Certificate2 CreateSelfSignedCertificate()
    {
        // ECDSA P-256: generating it is cheap, unlike an RSA key.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var subjectNames = new SubjectAlternativeNameBuilder();
        subjectNames.AddDnsName("localhost");
        request.CertificateExtensions.Add(subjectNames.Build());
        var now = DateTimeOffset.UtcNow;
        using var ephemeral = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        // A PKCS#12 round trip gives SslStream a certificate whose private key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
    }
}
