using OrleansSync.Runtime.Storage;

namespace OrleansSync.Runtime.Tests.Storage;

public sealed class FileGrainStorageTests : GrainStorageContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleanssync-file-storage-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task SecondInstance_OnTheSameDirectory_ReadsWhatTheFirstWrote()
    {
        var id = NewGrainId();
        var etag = await CreateStorage().WriteAsync("state", id, new byte[] { 4, 2 }, null, CancellationToken.None);

        var record = await CreateStorage().ReadAsync("state", id, CancellationToken.None);

        Assert.Equal(new byte[] { 4, 2 }, record!.Data);
        Assert.Equal(etag, record.ETag);
    }

    [Fact]
    public async Task Write_LeavesNoTemporaryFilesBehind()
    {
        var storage = CreateStorage();
        var id = new GrainId("Weird/Type", "key with / and \\ and ..");
        var etag = await storage.WriteAsync("state", id, new byte[] { 1 }, null, CancellationToken.None);
        await storage.WriteAsync("state", id, new byte[] { 2 }, etag, CancellationToken.None);

        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories);

        Assert.Single(files);
        Assert.EndsWith(".state", files[0]);
        Assert.StartsWith(_root, Path.GetFullPath(files[0]));
    }

    [Fact]
    public async Task CorruptFile_ReadThrowsInvalidData()
    {
        var storage = CreateStorage();
        var id = NewGrainId();
        await storage.WriteAsync("state", id, new byte[] { 1, 2, 3 }, null, CancellationToken.None);
        var file = Directory.GetFiles(_root, "*.state", SearchOption.AllDirectories).Single();
        await File.WriteAllBytesAsync(file, new byte[] { 9, 9, 9 });

        await Assert.ThrowsAsync<InvalidDataException>(() => storage.ReadAsync("state", id, CancellationToken.None));
    }

    [Fact]
    public async Task Write_LargerThanTheBound_IsRejected()
    {
        var storage = new FileGrainStorage(new FileGrainStorageOptions { RootDirectory = _root, MaxStateBytes = 4 });

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => storage.WriteAsync("state", NewGrainId(), new byte[5], null, CancellationToken.None));
    }

    protected override IGrainStorage CreateStorage() => new FileGrainStorage(new FileGrainStorageOptions { RootDirectory = _root });
}
