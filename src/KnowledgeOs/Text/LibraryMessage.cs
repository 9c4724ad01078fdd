namespace KnowledgeOs.Text;

/// <summary>The part of a library's exception message worth showing a person, without the position it appends in its own counting.</summary>
internal static class LibraryMessage
{
    // System.Text.Json appends " LineNumber: 0 | BytePositionInLine: 4." and " Path: $.x" (zero-based; our messages give
    // the position counted from 1); Markdig appends " - depth limit exceeded. Input is most likely not sensible …".
    private static readonly string[] Tails = [" LineNumber:", " Path:", " - "];

    /// <summary>The message up to the first tail a library appends, without its closing full stop.</summary>
    public static string FirstSentence(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var tail in Tails)
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return message.TrimEnd().TrimEnd('.');
    }
}
