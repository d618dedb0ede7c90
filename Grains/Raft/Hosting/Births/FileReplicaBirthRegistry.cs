using System.Globalization;

namespace OrleansSync.Grains.Raft.Hosting.Births;

/// <summary>
/// Birth records as files in one directory that every silo of the cluster sees (the embedded form,
/// where all silos share a machine). Creation is atomic: <see cref="FileMode.CreateNew"/> fails if
/// the file exists.
/// </summary>
public sealed class FileReplicaBirthRegistry(string directory) : IReplicaBirthRegistry
{
    private const int MaxRecordBytes = 1_024;

    public Task<bool> TryRecordBirthAsync(RaftPeerKey replica, string silo, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(replica);
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(file);
            writer.Write(silo);
            writer.Flush();
            file.Flush(flushToDisk: true);
            return Task.FromResult(true);
        }
        catch (IOException) when (File.Exists(path))
        {
            return Task.FromResult(false);
        }
    }

    public async Task<string?> FindBirthSiloAsync(RaftPeerKey replica, CancellationToken cancellationToken)
    {
        var path = PathOf(replica);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxRecordBytes)
            {
                return null;
            }

            var silo = await File.ReadAllTextAsync(path, cancellationToken);
            return silo.Length > 0 ? silo : null;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private string PathOf(RaftPeerKey replica) =>
        Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"group-{replica.Group}-replica-{replica.Replica}"));
}
