using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// A context pack's id: the item ids it returned, in order, encoded (<c>pack-</c> then base64url), so the same pack
/// always has the same id and any server resolves an id back to its items with no state kept anywhere. An item id
/// (<c>family-12hex</c>) takes 7 bytes: the family's index in <see cref="Families"/> and the 6 bytes of its hash.
/// </summary>
public static partial class PackId
{
    /// <summary>The prefix that tells a pack id from an item id.</summary>
    public const string Prefix = "pack-";

    // Indexes are stored inside pack ids: new families are appended, never inserted or reordered.
    private static readonly string[] Families =
    [
        "responsibility", "book", "tool", "practice", "knowledge", "problem", "best_practice", "advanced_book", "expert_practice",
        "certification", "innovation", "research", "case", "publication", "mentorship", "award", "other",
    ];

    /// <summary>True when <paramref name="value"/> is written as a pack id (it may still be malformed).</summary>
    public static bool IsPackId(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The pack id of these item ids (duplicates dropped, order kept).</summary>
    public static string Of(IEnumerable<string> itemIds)
    {
        var bytes = new List<byte>();
        foreach (var id in itemIds.Distinct(StringComparer.Ordinal))
        {
            var m = ItemIdShape().Match(id);
            var family = m.Success ? Array.IndexOf(Families, m.Groups[1].Value) : -1;
            if (family < 0)
            {
                // Not an id this version makes: kept verbatim, length first.
                var raw = Encoding.UTF8.GetBytes(id);
                if (raw.Length > 255) throw new ArgumentException($"Item id '{id}' is too long for a pack id.", nameof(itemIds));
                bytes.Add(255);
                bytes.Add((byte)raw.Length);
                bytes.AddRange(raw);
                continue;
            }
            bytes.Add((byte)family);
            bytes.AddRange(Convert.FromHexString(m.Groups[2].Value));
        }
        return Prefix + Base64Url.EncodeToString(bytes.ToArray());
    }

    /// <summary>The item ids a pack id holds; <see cref="InputException"/> naming <paramref name="field"/> when it is not one.</summary>
    public static IReadOnlyList<string> Items(string packId, string field)
    {
        if (!IsPackId(packId)) throw Malformed(packId, field);
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(packId.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            throw Malformed(packId, field);
        }
        var ids = new List<string>();
        for (var i = 0; i < bytes.Length;)
        {
            if (bytes[i] == 255)
            {
                if (i + 1 >= bytes.Length || i + 2 + bytes[i + 1] > bytes.Length) throw Malformed(packId, field);
                ids.Add(Encoding.UTF8.GetString(bytes, i + 2, bytes[i + 1]));
                i += 2 + bytes[i + 1];
                continue;
            }
            if (bytes[i] >= Families.Length || i + 7 > bytes.Length) throw Malformed(packId, field);
            ids.Add(Families[bytes[i]] + "-" + Convert.ToHexStringLower(bytes, i + 1, 6));
            i += 7;
        }
        return ids;
    }

    private static InputException Malformed(string value, string field) =>
        InputException.Of($"'{(value.Length > 80 ? value[..80] + "…" : value)}' is not a pack id this server made (a context pack's packId).", field,
            ErrorCodes.PackIdInvalid, value.Length > 80 ? value[..80] + "…" : value, field);

    [GeneratedRegex("^([a-z_]+)-([0-9a-f]{12})$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemIdShape();
}
