using System.Buffers.Text;
using System.Text;

namespace KnowledgeOs.Server.Http;

/// <summary>
/// The opaque <c>cursor</c> of a list: base64url of the list's name and the sort key of the last item handed out
/// (a slug, a version, a position), so the next page starts after that item whatever was written in between.
/// The list's name inside makes a cursor of one list a 400 on another instead of a silently wrong page.
/// </summary>
public static class PageCursor
{
    /// <summary>The cursor after <paramref name="key"/> in <paramref name="list"/>.</summary>
    public static string Encode(string list, string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(list + ":" + key));

    /// <summary>The key inside a cursor of <paramref name="list"/>; null when no cursor was given.</summary>
    /// <exception cref="InputException">Not base64url, or a cursor of another list (field <c>cursor</c>).</exception>
    public static string? Decode(string? cursor, string list)
    {
        if (cursor is null) return null;
        var prefix = list + ":";
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith(prefix, StringComparison.Ordinal)) return text[prefix.Length..];
        }
        catch (FormatException)
        {
        }
        throw Malformed(cursor);
    }

    /// <summary>The error for a cursor this list never handed out.</summary>
    public static InputException Malformed(string cursor) =>
        InputException.Of($"cursor '{Shorten(cursor)}' is not a cursor of this list; pass the cursor (or follow the next link) of a page of this list.", "cursor",
            ErrorCodes.CursorInvalid, Shorten(cursor));

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
