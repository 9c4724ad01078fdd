using KnowledgeOs.Events;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Import;

/// <summary>Something worth telling about a document, with the line it is about (1-based; 0 for the whole file).</summary>
/// <param name="Line">The line.</param>
/// <param name="Message">What was found and what was done about it.</param>
public sealed record ImportWarning(int Line, string Message)
{
    /// <summary>A warning with a stable code and the arguments it is worded from (<c>CliLabels.ImportWarning</c>).</summary>
    public static ImportWarning Of(int line, string message, string code, params string[] args) =>
        new(line, message) { Code = code, Args = args };

    /// <summary>Stable machine code of the warning (<c>no-priority</c>…); empty for none.</summary>
    public string Code { get; init; } = "";

    /// <summary>The values the message is worded from, in the order of its code's wording.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Two warnings are one when they say the same of the same line (the code is the message's).</summary>
    public bool Equals(ImportWarning? other) => other is not null && Line == other.Line && Message == other.Message;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Line, Message);

    /// <inheritdoc/>
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}

/// <summary>The expert a document is about: its title line and header fields.</summary>
public sealed record ExpertHeader
{
    /// <summary>Name as written in the title (<c>Игорь</c>).</summary>
    public required string DisplayName { get; init; }
    /// <summary>Role as written in the title (<c>Backend Developer</c>).</summary>
    public required string Role { get; init; }
    /// <summary>The title line, 1-based.</summary>
    public int TitleLine { get; init; }
    /// <summary><c>Приоритет</c>, when given.</summary>
    public int? Priority { get; init; }
    /// <summary><c>Дата создания</c>, when it could be read (a partial date like <c>2025-01-XX</c> reads as the 1st of the month).</summary>
    public DateTimeOffset? Created { get; init; }
    /// <summary><c>Дата создания</c> as written.</summary>
    public string? CreatedText { get; init; }
    /// <summary>Status mapped to <c>active</c>, <c>paused</c> or <c>retired</c>.</summary>
    public ExpertStatus Status { get; init; } = ExpertStatus.Active;
    /// <summary>Status as written (<c>🟢 **АКТИВНА**</c>).</summary>
    public string? StatusText { get; init; }
    /// <summary>The project named in the cases heading or a <c>Проект</c> field.</summary>
    public string Project { get; init; } = "";
    /// <summary>The responsibility paragraph(s).</summary>
    public string Responsibility { get; init; } = "";
    /// <summary>The key duties listed under the responsibility.</summary>
    public IReadOnlyList<string> Duties { get; init; } = [];
    /// <summary>Expertise tags (<c>Экспертиза</c>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary>One item as read from a document, before the domain decides its identity and drops repeats.</summary>
/// <param name="Section">Section it was found under.</param>
/// <param name="Text">Main text (a book's title, a problem, a best practice's title…).</param>
/// <param name="Fields">Section fields named as in <see cref="Experts.ItemFields"/>.</param>
/// <param name="Line">Line it starts on, 1-based.</param>
public sealed record ImportedItem(SectionKind Section, string Text, IReadOnlyDictionary<string, string> Fields, int Line)
{
    /// <summary>When the item happened, if the document says (a best practice's <c>Дата поиска</c>); else the document's date.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>A problem's solutions after the first (the first is the <c>solution</c> field).</summary>
    public IReadOnlyList<string> MoreSolutions { get; init; } = [];

    /// <summary>Identity of the line as written (before a book is split into title and author), to spot pasted-again blocks.</summary>
    internal string? RawKey { get; init; }
}

/// <summary>A knowledge base document as read: pure data, nothing decided or stored yet.</summary>
public sealed record KnowledgeDocument
{
    /// <summary>The file name it was read from (the import source is <c>import:&lt;file name&gt;</c>).</summary>
    public required string FileName { get; init; }
    /// <summary>The expert.</summary>
    public required ExpertHeader Expert { get; init; }
    /// <summary>Every item in document order, repeats included (the decider drops them and counts).</summary>
    public required IReadOnlyList<ImportedItem> Items { get; init; }
    /// <summary>Numbers the document claims, in document order, repeats included.</summary>
    public required IReadOnlyList<MetricClaimImported> Claims { get; init; }
    /// <summary>Headings the parser did not know; their content is kept as <see cref="SectionKind.Other"/> items.</summary>
    public required IReadOnlyList<string> UnknownHeadings { get; init; }
    /// <summary>Warnings with line numbers.</summary>
    public required IReadOnlyList<ImportWarning> Warnings { get; init; }

    /// <summary>The import source of everything in the document.</summary>
    public string Source => ImportSource.Of(FileName);
}

/// <summary>The <c>import:&lt;file name&gt;</c> source.</summary>
public static class ImportSource
{
    /// <summary>Source prefix.</summary>
    public const string Prefix = "import:";

    /// <summary>The source for a file name (no folders: the same file moved is the same source).</summary>
    public static string Of(string fileName) => Prefix + Path.GetFileName(fileName);
}
