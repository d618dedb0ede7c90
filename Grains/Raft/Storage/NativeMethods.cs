using System.Runtime.InteropServices;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>The few libc calls needed to fsync a directory on Unix (see <see cref="DirectoryFlusher"/>) and fdatasync a WAL segment on Linux (<see cref="DataFlusher"/>).</summary>
internal static class NativeMethods
{
    /// <summary><c>O_RDONLY</c>; the same value on every Unix.</summary>
    public const int ReadOnly = 0;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static extern int FileSync(int descriptor);

    [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    public static extern int FileDataSync(nint descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int descriptor);
}
