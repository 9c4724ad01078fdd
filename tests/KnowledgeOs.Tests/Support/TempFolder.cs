namespace KnowledgeOs.Tests.Support;

/// <summary>A fresh folder under the system temp folder, deleted at dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates it.</summary>
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kos-tests", Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file and returns its path.</summary>
    public string Write(string name, string content)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            MakeWritable(Path);
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A test process still holding a file; the OS temp cleaner gets it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void MakeWritable(string path)
    {
        // Unix modes only; on Windows read-only folders do not block deletion the same way (and CA1416 requires the guard).
        if (OperatingSystem.IsWindows()) return;
        foreach (var d in Directory.EnumerateDirectories(path, "*", SearchOption.AllDirectories).Prepend(path))
            System.IO.File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
