using KnowledgeOs.Import;

namespace KnowledgeOs.Application;

/// <summary>How one file was imported (or why it was not).</summary>
public sealed record FileImportReport
{
    /// <summary>The path as found.</summary>
    public required string Path { get; init; }

    /// <summary>True when this file's commit was the first answer to the same request under the caller's key (not part of the report's text).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Replayed { get; init; }
    /// <summary><c>knowledge</c> or <c>program</c>; empty when the file could not be read.</summary>
    public string Kind { get; init; } = "";
    /// <summary>Size in bytes.</summary>
    public long Bytes { get; init; }
    /// <summary>Encoding it was read as.</summary>
    public string? Encoding { get; init; }
    /// <summary>What was repaired (mojibake), if anything.</summary>
    public string? Repair { get; init; }
    /// <summary>What <see cref="Repair"/> is worded from in another language (not written to JSON).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> RepairArgs { get; init; } = [];
    /// <summary>Why nothing was imported from this file; null when it was.</summary>
    public string? Error { get; init; }
    /// <summary>The expert's slug.</summary>
    public string? Slug { get; init; }
    /// <summary>Display name from the title.</summary>
    public string? Name { get; init; }
    /// <summary>Role from the title.</summary>
    public string? Role { get; init; }
    /// <summary>Priority from the header, when given.</summary>
    public int? Priority { get; init; }
    /// <summary>Creation date as written.</summary>
    public string? Created { get; init; }
    /// <summary>Status (active, paused, retired).</summary>
    public Events.ExpertStatus? Status { get; init; }
    /// <summary>How the expert was found: <c>new</c>, <c>name and role</c>, or <c>file name</c>.</summary>
    public string? MatchedBy { get; init; }
    /// <summary>New items per section code.</summary>
    public IReadOnlyDictionary<string, int> Items { get; init; } = new SortedDictionary<string, int>();
    /// <summary>Existing items this file confirmed.</summary>
    public int Confirmed { get; init; }
    /// <summary>Repeats inside the file dropped.</summary>
    public int DuplicatesDropped { get; init; }
    /// <summary>Items already imported from this file name before.</summary>
    public int AlreadyPresent { get; init; }
    /// <summary>Claimed numbers recorded as a labelled baseline.</summary>
    public int ClaimsRecorded { get; init; }
    /// <summary>Claimed numbers dropped as repeats.</summary>
    public int ClaimsDropped { get; init; }
    /// <summary>Headings the parser did not know, kept verbatim in <c>other</c>.</summary>
    public IReadOnlyList<string> UnknownSections { get; init; } = [];
    /// <summary>For a program: stages and checklist items read.</summary>
    public string? Program { get; init; }
    /// <summary>Profile fields filled on an existing expert.</summary>
    public IReadOnlyList<string> ProfileFilled { get; init; } = [];
    /// <summary>Warnings with line numbers.</summary>
    public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];
    /// <summary>Near-duplicates to look at.</summary>
    public IReadOnlyList<NearDuplicate> Suggestions { get; init; } = [];
    /// <summary>Events written (or that would be, in a dry run).</summary>
    public int Events { get; init; }
    /// <summary>True when the same content was imported before: nothing was written.</summary>
    public bool AlreadyImported { get; init; }

    /// <summary>True when the file imported (or would, in a dry run).</summary>
    public bool Ok => Error is null;

    /// <summary>New items in all sections.</summary>
    public int ItemCount => Items.Values.Sum();
}

/// <summary>The outcome of one <c>kos import</c>.</summary>
/// <param name="Files">One report per file, in the order the paths were given and walked.</param>
/// <param name="Skipped">Paths not imported and why (a symlink loop, a missing path).</param>
/// <param name="DryRun">True when nothing was written.</param>
public sealed record ImportReport(IReadOnlyList<FileImportReport> Files, IReadOnlyList<ImportWarning> Skipped, bool DryRun)
{
    /// <summary>Files that imported.</summary>
    public int Imported => Files.Count(f => f.Ok);
    /// <summary>Files that failed.</summary>
    public int Failed => Files.Count(f => !f.Ok);
    /// <summary>New items in all files.</summary>
    public int Items => Files.Sum(f => f.ItemCount);
    /// <summary>Repeats dropped in all files.</summary>
    public int DuplicatesDropped => Files.Sum(f => f.DuplicatesDropped);
    /// <summary>Bytes read.</summary>
    public long Bytes => Files.Sum(f => f.Bytes);
}

/// <summary>How to import.</summary>
/// <param name="DryRun">Decide and report, write nothing.</param>
/// <param name="MaxParallelism">Files read and parsed at once.</param>
/// <param name="MaxFileBytes">Larger files are refused (knowledge bases are kilobytes; this keeps a stray dump from filling memory).</param>
public sealed record ImportOptions(bool DryRun = false, int MaxParallelism = 4, long MaxFileBytes = ImportOptions.DefaultMaxFileBytes)
{
    /// <summary>
    /// The caller's key for the import (HTTP <c>Idempotency-Key</c>): the n-th file's commit records <c>&lt;key&gt;#n</c>
    /// with the file's content, so the same files again are answered as the first time and other files under the key are refused.
    /// </summary>
    public string? CallerKey { get; init; }

    /// <summary>16 MiB.</summary>
    public const long DefaultMaxFileBytes = 16L * 1024 * 1024;
}
