using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace KnowledgeOs.Text;

/// <summary>
/// The binary form of a dictionary's entries (docs/SEARCH.md, "Lemmas"): a 96-byte header (magic, <see cref="Version"/>,
/// entry and character counts, the <see cref="SourceStamp"/> of the text files, the SHA-256 of the rest), then the entries
/// in ordinal order as three arrays: each entry's first character (count + 1 of them), its word's length, and the
/// characters, word then flags. Little-endian, as the machines it runs on.
/// </summary>
internal static class HunspellCacheFile
{
    /// <summary>The format; a file of another version is ignored and rewritten.</summary>
    public const int Version = 1;

    private const int HeaderSize = 96;
    private const int HashAt = 64;
    private static readonly byte[] Magic = "KOSHUNSP"u8.ToArray();

    /// <summary>The bytes of a cache file for these entries.</summary>
    public static byte[] Write(HashedEntries entries, SourceStamp stamp)
    {
        var words = entries.Table.Keys.ToArray();
        Array.Sort(words, StringComparer.Ordinal);
        var chars = words.Sum(w => (long)w.Length + entries.Table[w].Length);
        if (chars > int.MaxValue / 4) throw new InvalidDataException("dictionary too large for the cache format");
        var count = words.Length;
        var bytes = new byte[HeaderSize + (count + 1) * 4 + count * 4 + (int)chars * 2];
        var starts = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(HeaderSize, (count + 1) * 4));
        var lengths = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(HeaderSize + (count + 1) * 4, count * 4));
        var text = MemoryMarshal.Cast<byte, char>(bytes.AsSpan(HeaderSize + (count + 1) * 4 + count * 4));
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            starts[i] = at;
            lengths[i] = words[i].Length;
            words[i].CopyTo(text[at..]);
            at += words[i].Length;
            var flags = entries.Table[words[i]];
            flags.CopyTo(text[at..]);
            at += flags.Length;
        }
        starts[count] = at;
        var header = bytes.AsSpan(0, HeaderSize);
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], count);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], (int)chars);
        WriteStamp(header[24..], stamp);
        SHA256.HashData(bytes.AsSpan(HeaderSize), header[HashAt..]);
        return bytes;
    }

    /// <summary>The entries of a cache file's bytes, or why they cannot be used (null entries; the detail is the version found).</summary>
    public static (SortedEntries? Entries, DictionaryCacheFault? Fault, string? Detail) Read(byte[] bytes, SourceStamp stamp)
    {
        if (!BitConverter.IsLittleEndian) return (null, DictionaryCacheFault.BigEndian, null);
        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return (null, DictionaryCacheFault.NotACache, null);
        var header = bytes.AsSpan(0, HeaderSize);
        var version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version != Version) return (null, DictionaryCacheFault.OtherVersion, version.ToString(CultureInfo.InvariantCulture));
        var count = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        var chars = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        if (count < 0 || chars < 0 || bytes.Length != HeaderSize + (count + 1) * 4L + count * 4L + chars * 2L) return (null, DictionaryCacheFault.TruncatedOrPadded, null);
        Span<byte> expected = stackalloc byte[40];
        WriteStamp(expected, stamp);
        if (!header.Slice(24, 40).SequenceEqual(expected)) return (null, DictionaryCacheFault.OtherSources, null);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes.AsSpan(HeaderSize), hash);
        if (!header.Slice(HashAt, 32).SequenceEqual(hash)) return (null, DictionaryCacheFault.ChecksumMismatch, null);
        return (new SortedEntries(bytes, HeaderSize, HeaderSize + (count + 1) * 4, HeaderSize + (count + 1) * 4 + count * 4, count), null, null);
    }

    private static void WriteStamp(Span<byte> into, SourceStamp stamp)
    {
        BinaryPrimitives.WriteInt64LittleEndian(into, stamp.AffSize);
        BinaryPrimitives.WriteInt64LittleEndian(into[8..], stamp.AffTicks);
        BinaryPrimitives.WriteInt64LittleEndian(into[16..], stamp.DicSize);
        BinaryPrimitives.WriteInt64LittleEndian(into[24..], stamp.DicTicks);
        BinaryPrimitives.WriteInt64LittleEndian(into[32..], stamp.AffHash);
    }

    /// <summary>The cache file's name for a dictionary of a folder: the name, and a hash of the folder's full path.</summary>
    public static string FileName(string folder, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(folder)));
        return $"hunspell-{name}-{Convert.ToHexStringLower(hash, 0, 6)}.v{Version}.bin";
    }
}
