using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansSync.Grains.Raft.Storage;

namespace OrleansSync.Runtime.Storage;

/// <summary>
/// Grain storage in files: one file per (state name, grain). A write goes to a temporary file,
/// is flushed to disk (fsync), then renamed over the old file, so a crash leaves either the old
/// or the new record, never a torn one. ETags are random per write (no ABA after a clear).
/// Concurrency control holds within one process (striped locks); a directory must not be shared
/// by several processes.
/// </summary>
public sealed class FileGrainStorage : IGrainStorage
{
    private const uint Magic = 0x5347534F; // "OSGS"
    private const int HeaderBytes = 4 + 16 + 4;
    private const int LockStripes = 64;
    private static readonly SemaphoreSlim[] Stripes = [.. Enumerable.Range(0, LockStripes).Select(_ => new SemaphoreSlim(1, 1))];

    private readonly FileGrainStorageOptions _options;

    public FileGrainStorage(FileGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new FileGrainStorageOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(FileGrainStorageOptions), typeof(FileGrainStorageOptions), validation.Failures);
        }

        _options = options;
        Directory.CreateDirectory(options.RootDirectory);
    }

    public async Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        var path = PathOf(stateName, grainId);
        var stripe = StripeOf(path);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stripe.Release();
        }
    }

    public async Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken)
    {
        if (data.Length > _options.MaxStateBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(data), $"State of {data.Length} bytes exceeds MaxStateBytes {_options.MaxStateBytes}.");
        }

        var path = PathOf(stateName, grainId);
        var stripe = StripeOf(path);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CheckETagAsync(path, stateName, grainId, expectedETag, cancellationToken).ConfigureAwait(false);
            var etag = Guid.NewGuid();
            await WriteAtomicallyAsync(path, etag, data, cancellationToken).ConfigureAwait(false);
            return etag.ToString("N");
        }
        finally
        {
            stripe.Release();
        }
    }

    public async Task ClearAsync(string stateName, GrainId grainId, string? expectedETag, CancellationToken cancellationToken)
    {
        var path = PathOf(stateName, grainId);
        var stripe = StripeOf(path);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CheckETagAsync(path, stateName, grainId, expectedETag, cancellationToken).ConfigureAwait(false);
            File.Delete(path);
            DirectoryFlusher.Flush(Path.GetDirectoryName(path)!);
        }
        finally
        {
            stripe.Release();
        }
    }

    private static SemaphoreSlim StripeOf(string path) => Stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(path) % LockStripes)];

    private static string FileNameOf(string text)
    {
        // Keep names readable but safe: letters, digits, '-', '_' pass; everything else is %XX-escaped.
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var name = builder.ToString();
        return name.Length <= 200 ? name : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private string PathOf(string stateName, GrainId grainId)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        var directory = Path.Combine(_options.RootDirectory, FileNameOf(stateName));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, FileNameOf(grainId.ToString()) + ".state");
    }

    private async Task CheckETagAsync(string path, string stateName, GrainId grainId, string? expectedETag, CancellationToken cancellationToken)
    {
        var stored = (await ReadFileAsync(path, cancellationToken).ConfigureAwait(false))?.ETag;
        if (stored != expectedETag)
        {
            throw new InconsistentStateException($"ETag mismatch for state '{stateName}' of grain {grainId}", stored, expectedETag);
        }
    }

    private async Task<GrainStateRecord?> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        if (bytes.Length < HeaderBytes || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new InvalidDataException($"Grain state file {path} is corrupt (bad header).");
        }

        var etag = new Guid(bytes.AsSpan(4, 16));
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20));
        if (length < 0 || length > _options.MaxStateBytes || length != bytes.Length - HeaderBytes)
        {
            throw new InvalidDataException($"Grain state file {path} is corrupt (length {length}, file {bytes.Length} bytes).");
        }

        return new GrainStateRecord(bytes.AsSpan(HeaderBytes).ToArray(), etag.ToString("N"));
    }

    private static async Task WriteAtomicallyAsync(string path, Guid etag, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        etag.TryWriteBytes(header.AsSpan(4, 16));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), data.Length);
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);

            // The rename is durable only once the directory is: without this a power loss could bring the old state back.
            DirectoryFlusher.Flush(Path.GetDirectoryName(path)!);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
