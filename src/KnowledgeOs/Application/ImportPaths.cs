using KnowledgeOs.Import;

namespace KnowledgeOs.Application;

/// <summary>
/// Expands the paths given to <c>kos import</c>: files as they are, folders recursively (Markdown and text files only),
/// in a stable order, each real folder once, so a symlink that points back up the tree is reported, not followed forever.
/// </summary>
public static class ImportPaths
{
    /// <summary>Extensions picked up inside folders; a file named explicitly is read whatever its extension.</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".md", ".markdown", ".txt" };

    /// <summary>The files to import, and the paths skipped with the reason.</summary>
    public static (IReadOnlyList<string> Files, IReadOnlyList<ImportWarning> Skipped) Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var skipped = new List<ImportWarning>();
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                if (seenFiles.Add(System.IO.Path.GetFullPath(path))) files.Add(path);
            }
            else if (Directory.Exists(path)) Walk(path, files, skipped, seenFiles);
            else skipped.Add(ImportWarning.Of(0, $"{path}: no such file or folder", "path-missing", path));
        }
        return (files, skipped);
    }

    private static void Walk(string root, List<string> files, List<ImportWarning> skipped, HashSet<string> seenFiles)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<(string Path, string Real)>();
        stack.Push((root, RealPath(new DirectoryInfo(root)) ?? System.IO.Path.GetFullPath(root)));
        while (stack.Count > 0)
        {
            var (dir, real) = stack.Pop();
            if (!visited.Add(real))
            {
                skipped.Add(ImportWarning.Of(0, $"{dir}: a symlink loop (it leads back to {real}); not followed again", "symlink-loop", dir, real));
                continue;
            }
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                skipped.Add(ImportWarning.Of(0, $"{dir}: cannot list the folder ({ex.Message})", "folder-unreadable", dir, ex.Message));
                continue;
            }
            var subdirs = new List<(string, string)>();
            foreach (var entry in entries)
            {
                if (entry is DirectoryInfo d)
                {
                    var target = d.LinkTarget is null ? System.IO.Path.Combine(real, d.Name) : RealPath(d);
                    if (target is null)
                    {
                        skipped.Add(ImportWarning.Of(0, $"{d.FullName}: a symlink that cannot be resolved (a loop or a missing target)", "symlink-unresolved", d.FullName));
                        continue;
                    }
                    subdirs.Add((d.FullName, target));
                }
                else if (Extensions.Contains(entry.Extension) && seenFiles.Add(entry.FullName))
                {
                    files.Add(entry.FullName);
                }
            }
            // Pushed in reverse so folders are walked in name order.
            for (var i = subdirs.Count - 1; i >= 0; i--) stack.Push(subdirs[i]);
        }
    }

    private static string? RealPath(DirectoryInfo dir)
    {
        try
        {
            if (dir.LinkTarget is null) return System.IO.Path.GetFullPath(dir.FullName).TrimEnd(System.IO.Path.DirectorySeparatorChar);
            return dir.ResolveLinkTarget(returnFinalTarget: true)?.FullName.TrimEnd(System.IO.Path.DirectorySeparatorChar);
        }
        catch (IOException)
        {
            // ELOOP: the link chain itself loops.
            return null;
        }
    }
}
