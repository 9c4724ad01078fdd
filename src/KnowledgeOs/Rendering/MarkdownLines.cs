using System.Text;

namespace KnowledgeOs.Rendering;

/// <summary>
/// A Markdown document written line by line, every line ended by LF whatever the platform (the documents are compared
/// byte for byte and read back by the importer): what <c>kos team</c> and the learning programs are written with.
/// </summary>
public sealed class MarkdownLines
{
    private readonly StringBuilder _text = new();

    /// <summary>A line; a blank one without text.</summary>
    public void Line(string text = "") => _text.Append(text).Append('\n');

    /// <summary>A heading (with its <c>#</c> marks) and the blank line under it.</summary>
    public void Heading(string heading)
    {
        Line(heading);
        Line();
    }

    /// <summary>A heading, a bullet (<c>- </c>) per entry and a blank line; nothing at all when there is no entry.</summary>
    public void List(string heading, IReadOnlyCollection<string> entries)
    {
        if (entries.Count == 0) return;
        Heading(heading);
        foreach (var entry in entries) Line($"- {entry}");
        Line();
    }

    /// <summary>Text made elsewhere (a table), as it is: it ends its own lines.</summary>
    public void Append(string text) => _text.Append(text);

    /// <inheritdoc/>
    public override string ToString() => _text.ToString();
}
