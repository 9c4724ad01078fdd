namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>Expands the paths a user gives (files and folders) into files, in a stable order.</summary>
public static class InputFiles
{
    /// <summary>Files matching <paramref name="pattern"/> under every folder (recursively) plus the files named.
    /// A path that does not exist is an input error naming it.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths, string pattern)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path))
            {
                var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
                files.AddRange(Directory.EnumerateFiles(path, pattern, options).Order(StringComparer.Ordinal));
            }
            else throw InputException.Of($"{path}: no such file or folder.", path, ErrorCodes.PathMissing, path);
        }
        return files.Distinct().ToList();
    }
}
