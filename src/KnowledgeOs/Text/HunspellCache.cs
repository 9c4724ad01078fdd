namespace KnowledgeOs.Text;

/// <summary>
/// Loads a Hunspell dictionary through a cache file of its parsed entries (docs/SEARCH.md, "Lemmas"): the first process
/// parses the <c>.dic</c> text as <see cref="HunspellDictionary.Load"/> does and writes the cache (a temporary file renamed
/// into place, so concurrent builders both end well); later ones read it in one go and look stems up by binary search.
/// A cache that is missing, corrupt, truncated, of another version or built from other files is rebuilt; one that
/// cannot be written (a read-only folder) is done without: lemmas are the same either way, only the load time differs.
/// </summary>
public static class HunspellCache
{
    /// <summary>The cache folder: <c>KOS_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/kos</c>, else <c>~/.cache/kos</c>; null when none can be named.</summary>
    public static string? DefaultFolder()
    {
        if (Environment.GetEnvironmentVariable("KOS_CACHE_DIR") is { Length: > 0 } set) return set;
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(xdg, "kos");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 ? Path.Combine(home, ".cache", "kos") : null;
    }

    /// <summary>
    /// Loads <c>{name}</c> from <paramref name="folder"/> through the cache in <paramref name="cacheFolder"/>.
    /// <paramref name="problem"/> says why the cache was not used or not written (null when all went well).
    /// </summary>
    /// <exception cref="FileNotFoundException">Either text file is missing.</exception>
    public static HunspellDictionary Load(string folder, string name, string cacheFolder, out DictionaryCacheProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(cacheFolder);
        var affix = HunspellAffixFile.Read(folder, name);
        var path = Path.Combine(cacheFolder, HunspellCacheFile.FileName(folder, name));
        problem = null;
        try
        {
            if (File.Exists(path))
            {
                var (sorted, fault, detail) = HunspellCacheFile.Read(File.ReadAllBytes(path), affix.Stamp);
                if (sorted is not null) return HunspellDictionary.From(affix, sorted);
                problem = new DictionaryCacheProblem(path, fault!.Value, detail);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = new DictionaryCacheProblem(path, DictionaryCacheFault.Unreadable, ex.Message);
        }
        var entries = HunspellDictionary.ReadEntries(affix);
        var written = TryWrite(path, entries, affix.Stamp);
        if (written is not null) problem = new DictionaryCacheProblem(path, DictionaryCacheFault.NotWritten, written);
        return HunspellDictionary.From(affix, entries);
    }

    // Write to a file of this process's own, then rename over the cache: a reader sees the old file or the new, never half.
    private static string? TryWrite(string path, HashedEntries entries, SourceStamp stamp)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():n}.tmp";
        try
        {
            var bytes = HunspellCacheFile.Write(entries, stamp);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            try { File.Delete(temp); } catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
            return ex.Message;
        }
    }
}
