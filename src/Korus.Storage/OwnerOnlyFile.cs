namespace Korus.Storage;

/// <summary>Files a node keeps beside its database that only their owner may read and write (mode 0600 on Unix).</summary>
public static class OwnerOnlyFile
{
    /// <summary>Options that create the file owner-only (the mode applies when the file is created).</summary>
    public static FileStreamOptions Options(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    /// <summary>
    /// Creates <paramref name="path"/> holding <paramref name="content"/>, flushed to disk; false, leaving it
    /// untouched, when the file already exists (or another process created it first).
    /// </summary>
    public static bool TryCreate(string path, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            return false;
        }

        try
        {
            using var file = new FileStream(path, Options(FileMode.CreateNew));
            file.Write(content);
            file.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }
}
