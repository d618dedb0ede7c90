using System.Runtime.InteropServices;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>
/// Makes a directory's entries (file creations, renames, deletions) durable. On Linux and macOS a
/// rename is only durable once the directory itself is fsynced; .NET refuses to open a directory as
/// a file, so this opens it read-only with libc's <c>open(2)</c> and calls <c>fsync(2)</c>.
/// On Windows, NTFS journals metadata and a directory cannot be flushed this way: it is a no-op.
/// </summary>
internal static class DirectoryFlusher
{
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = NativeMethods.Open(directory, NativeMethods.ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (NativeMethods.FileSync(descriptor) != 0)
            {
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = NativeMethods.Close(descriptor);
        }
    }
}
