using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Import.KnowledgeBase;

/// <summary>Where the reader is: what the last heading made of the lines that follow it.</summary>
internal enum ParseContext { Preamble, Header, Responsibility, Duties, Group, Section, Other, OtherGroup, Metrics, Computed, Claims, Footer, BestPractice }

/// <summary>
/// Everything one parse of a knowledge base holds: the document's text, what has been read so far (header, items,
/// claims, warnings) and the cursor (the heading the lines are under). One instance per parse, handed to each
/// section reader; the readers themselves are static.
/// </summary>
internal sealed class KnowledgeParseState(string source, string fileName, DateTimeOffset fallbackAt)
{
    public string Source { get; } = source;
    public string FileName { get; } = fileName;
    public DateTimeOffset FallbackAt { get; } = fallbackAt;

    public List<ImportedItem> Items { get; } = [];
    public List<(string Label, string Value, string? Source)> Claims { get; } = [];
    public List<string> Unknown { get; } = [];
    public List<ImportWarning> Warnings { get; } = [];

    /// <summary>The text keys kept per section so far: a later list that repeats one section's lines is that section's.</summary>
    public Dictionary<SectionKind, HashSet<string>> Seen { get; } = [];

    public ExpertHeaderDraft Header { get; } = new();

    public ParseContext Context { get; set; } = ParseContext.Preamble;
    public SectionKind Kind { get; set; }
    public string Heading { get; set; } = "";
    public int HeadingLine { get; set; }
    public bool KeptUnderHeading { get; set; }

    /// <summary>How many list runs the current heading has had.</summary>
    public int Runs { get; set; }

    /// <summary>The search date of an ATRA <c>Дата поиска</c> paragraph: dates the best practices after it.</summary>
    public DateTimeOffset? FoundAt { get; set; }
    public string? FoundText { get; set; }
    public PendingPractice? Practice { get; set; }

    /// <summary>The documents the claims under kos's claims heading are of (its <c>Источник:</c> line).</summary>
    public IReadOnlyList<string>? ClaimSources { get; set; }

    /// <summary>The level of the renderer's "📎 ДРУГОЕ" heading while under it, else 0.</summary>
    public int OtherGroupLevel { get; set; }

    public void Warn(int line, string message, string code, params string[] args) => Warnings.Add(ImportWarning.Of(line, message, code, args));

    public void Keep(ImportedItem item)
    {
        KeptUnderHeading = true;
        Items.Add(item);
        if (!Seen.TryGetValue(item.Section, out var keys)) Seen[item.Section] = keys = [];
        keys.Add(item.RawKey ?? TextKey.Of(item.Text));
    }
}

/// <summary>The expert's header as read so far: the title line and the fields under it.</summary>
internal sealed class ExpertHeaderDraft
{
    public TitleLine.Title? Title { get; set; }
    public int TitleLineNumber { get; set; }
    public int? Priority { get; set; }
    public DateTimeOffset? Created { get; set; }
    public string? CreatedText { get; set; }
    public ExpertStatus Status { get; set; } = ExpertStatus.Active;
    public string? StatusText { get; set; }
    public string Project { get; set; } = "";
    public List<string> Responsibility { get; } = [];
    public List<string> Duties { get; } = [];
    public List<string> Tags { get; } = [];
}
