using OrleansSync.Runtime.Storage;

namespace OrleansSync.Runtime.Tests.Storage;

/// <summary>
/// What every <see cref="IGrainStorage"/> must do. A provider's test class derives from this one
/// and implements <see cref="CreateStorage"/> (each call returns an empty store, or one in which
/// the keys used here are unique: tests use fresh grain ids).
/// </summary>
public abstract class GrainStorageContractTests
{
    protected abstract IGrainStorage CreateStorage();

    protected static GrainId NewGrainId() => new("Contract.Grain", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Read_Missing_ReturnsNull()
    {
        var storage = CreateStorage();

        Assert.Null(await storage.ReadAsync("state", NewGrainId(), CancellationToken.None));
    }

    [Fact]
    public async Task Write_ThenRead_ReturnsDataAndETag()
    {
        var storage = CreateStorage();
        var id = NewGrainId();

        var etag = await storage.WriteAsync("state", id, new byte[] { 1, 2, 3 }, null, CancellationToken.None);
        var record = await storage.ReadAsync("state", id, CancellationToken.None);

        Assert.NotNull(record);
        Assert.Equal(new byte[] { 1, 2, 3 }, record.Data);
        Assert.Equal(etag, record.ETag);
    }

    [Fact]
    public async Task Write_WithCurrentETag_ReplacesAndChangesETag()
    {
        var storage = CreateStorage();
        var id = NewGrainId();
        var first = await storage.WriteAsync("state", id, new byte[] { 1 }, null, CancellationToken.None);

        var second = await storage.WriteAsync("state", id, new byte[] { 2 }, first, CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(new byte[] { 2 }, (await storage.ReadAsync("state", id, CancellationToken.None))!.Data);
    }

    [Fact]
    public async Task Write_WithStaleETag_ThrowsAndKeepsStoredRecord()
    {
        var storage = CreateStorage();
        var id = NewGrainId();
        var first = await storage.WriteAsync("state", id, new byte[] { 1 }, null, CancellationToken.None);
        var second = await storage.WriteAsync("state", id, new byte[] { 2 }, first, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync("state", id, new byte[] { 3 }, first, CancellationToken.None));

        var record = await storage.ReadAsync("state", id, CancellationToken.None);
        Assert.Equal(new byte[] { 2 }, record!.Data);
        Assert.Equal(second, record.ETag);
    }

    [Fact]
    public async Task Write_ExpectingNoRecord_WhenOneExists_Throws()
    {
        var storage = CreateStorage();
        var id = NewGrainId();
        await storage.WriteAsync("state", id, new byte[] { 1 }, null, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync("state", id, new byte[] { 9 }, null, CancellationToken.None));
    }

    [Fact]
    public async Task Write_WithETag_WhenNoRecordExists_Throws()
    {
        var storage = CreateStorage();

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync("state", NewGrainId(), new byte[] { 1 }, "made-up", CancellationToken.None));
    }

    [Fact]
    public async Task Clear_WithCurrentETag_RemovesRecord()
    {
        var storage = CreateStorage();
        var id = NewGrainId();
        var etag = await storage.WriteAsync("state", id, new byte[] { 1 }, null, CancellationToken.None);

        await storage.ClearAsync("state", id, etag, CancellationToken.None);

        Assert.Null(await storage.ReadAsync("state", id, CancellationToken.None));
    }

    [Fact]
    public async Task Clear_WithStaleETag_ThrowsAndKeepsRecord()
    {
        var storage = CreateStorage();
        var id = NewGrainId();
        var first = await storage.WriteAsync("state", id, new byte[] { 1 }, null, CancellationToken.None);
        await storage.WriteAsync("state", id, new byte[] { 2 }, first, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync("state", id, first, CancellationToken.None));

        Assert.NotNull(await storage.ReadAsync("state", id, CancellationToken.None));
    }

    [Fact]
    public async Task Clear_Missing_WithNullETag_Succeeds()
    {
        var storage = CreateStorage();

        await storage.ClearAsync("state", NewGrainId(), null, CancellationToken.None);
    }

    [Fact]
    public async Task WriteAfterClear_OldETagIsRejected()
    {
        var storage = CreateStorage();
        var id = NewGrainId();
        var first = await storage.WriteAsync("state", id, new byte[] { 1 }, null, CancellationToken.None);
        await storage.ClearAsync("state", id, first, CancellationToken.None);
        await storage.WriteAsync("state", id, new byte[] { 2 }, null, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync("state", id, new byte[] { 3 }, first, CancellationToken.None));
    }

    [Fact]
    public async Task Records_AreKeyedByStateNameAndGrain()
    {
        var storage = CreateStorage();
        var id = NewGrainId();
        await storage.WriteAsync("a", id, new byte[] { 1 }, null, CancellationToken.None);
        await storage.WriteAsync("b", id, new byte[] { 2 }, null, CancellationToken.None);

        Assert.Equal(new byte[] { 1 }, (await storage.ReadAsync("a", id, CancellationToken.None))!.Data);
        Assert.Equal(new byte[] { 2 }, (await storage.ReadAsync("b", id, CancellationToken.None))!.Data);
        Assert.Null(await storage.ReadAsync("a", NewGrainId(), CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentWriters_WithTheSameETag_ExactlyOneWins()
    {
        var storage = CreateStorage();
        var id = NewGrainId();
        var etag = await storage.WriteAsync("state", id, new byte[] { 0 }, null, CancellationToken.None);

        var attempts = Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await storage.WriteAsync("state", id, new byte[] { (byte)i }, etag, CancellationToken.None);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task EmptyData_RoundTrips()
    {
        var storage = CreateStorage();
        var id = NewGrainId();

        await storage.WriteAsync("state", id, Array.Empty<byte>(), null, CancellationToken.None);

        Assert.Empty((await storage.ReadAsync("state", id, CancellationToken.None))!.Data);
    }
}
