using System.Security.Cryptography;

namespace KnowledgeOs.Text;

/// <summary>
/// A dictionary's parsed affix file (small: ru_RU's is 70 KB) and what identifies its pair of files: sizes, modification
/// times and the affix file's SHA-256, the key a cache file of the entries is checked against (<see cref="HunspellCache"/>).
/// </summary>
internal sealed class HunspellAffixFile
{
    private HunspellAffixFile(string dicPath, System.Text.Encoding encoding, FlagReader flags, List<HunspellDictionary.SuffixRule> rules, SourceStamp stamp)
    {
        DicPath = dicPath;
        Encoding = encoding;
        Flags = flags;
        Rules = rules;
        Stamp = stamp;
    }

    /// <summary>The <c>.dic</c> file beside it.</summary>
    public string DicPath { get; }

    /// <summary>The encoding of both files (the affix file's <c>SET</c>).</summary>
    public System.Text.Encoding Encoding { get; }

    /// <summary>The flag reader, holding the codes of the rules' flags (entries' flags are read with it after the rules).</summary>
    public FlagReader Flags { get; }

    /// <summary>The suffix rules.</summary>
    public List<HunspellDictionary.SuffixRule> Rules { get; }

    /// <summary>What identifies the two source files.</summary>
    public SourceStamp Stamp { get; }

    /// <summary>Reads <c>{name}.aff</c>, and checks <c>{name}.dic</c> is there.</summary>
    /// <exception cref="FileNotFoundException">Either file is missing.</exception>
    public static HunspellAffixFile Read(string folder, string name)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(name);
        var aff = Path.Combine(folder, name + ".aff");
        var dic = Path.Combine(folder, name + ".dic");
        if (!File.Exists(aff)) throw new FileNotFoundException($"Hunspell affix file {aff} is missing.", aff);
        if (!File.Exists(dic)) throw new FileNotFoundException($"Hunspell dictionary file {dic} is missing.", dic);
        var bytes = File.ReadAllBytes(aff);
        var encoding = HunspellDictionary.EncodingOf(bytes);
        var lines = Lines(bytes, encoding);
        var flags = new FlagReader(lines);
        var rules = HunspellDictionary.ReadSuffixes(lines, flags);
        var affInfo = new FileInfo(aff);
        var dicInfo = new FileInfo(dic);
        var stamp = new SourceStamp(affInfo.Length, affInfo.LastWriteTimeUtc.Ticks, dicInfo.Length, dicInfo.LastWriteTimeUtc.Ticks,
            BitConverter.ToInt64(SHA256.HashData(bytes), 0));
        return new HunspellAffixFile(dic, encoding, flags, rules, stamp);
    }

    // The lines File.ReadAllLines would give (the same reader: a byte order mark wins over the declared encoding), from
    // the bytes already read for the hash, so the file is read once.
    private static string[] Lines(byte[] bytes, System.Text.Encoding encoding)
    {
        var lines = new List<string>();
        using var reader = new StreamReader(new MemoryStream(bytes), encoding);
        while (reader.ReadLine() is { } line) lines.Add(line);
        return [.. lines];
    }
}

/// <summary>Sizes and modification times (UTC ticks) of a dictionary's two files, and the start of the affix file's SHA-256.</summary>
internal readonly record struct SourceStamp(long AffSize, long AffTicks, long DicSize, long DicTicks, long AffHash);
