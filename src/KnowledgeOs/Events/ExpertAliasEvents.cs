namespace KnowledgeOs.Events;

/// <summary>
/// Another name the expert is known by (a name in another script, an earlier name, the name in an imported file's
/// title, the file-name slug); <see cref="KnowledgeEvent.Source"/> says where it was seen.
/// </summary>
public sealed record ExpertAliasAdded : KnowledgeEvent
{
    /// <summary>The name as written (<c>Андрей</c>, <c>yuliya</c>).</summary>
    public required string Alias { get; init; }
    /// <summary>What kind of name it is: <c>title</c>, <c>file</c>, <c>manual</c>, <c>report</c> or <c>merge</c>.</summary>
    public string Kind { get; init; } = AliasKind.Manual;
}

/// <summary>An alias was withdrawn; it stays in history.</summary>
public sealed record ExpertAliasRemoved : KnowledgeEvent
{
    /// <summary>The name as it was recorded.</summary>
    public required string Alias { get; init; }
}

/// <summary>Another expert (a near-twin: the same person twice) was merged into this one; its items, tasks and names came with it.</summary>
public sealed record ExpertMerged : KnowledgeEvent
{
    /// <summary>The slug of the expert merged in.</summary>
    public required string From { get; init; }
}

/// <summary>This expert was merged into another; it stays in the log, retired, and its slug now leads to the other.</summary>
public sealed record ExpertMergedInto : KnowledgeEvent
{
    /// <summary>The slug of the expert it lives on in.</summary>
    public required string Into { get; init; }
}

/// <summary>Kinds of alias.</summary>
public static class AliasKind
{
    /// <summary>The name in an imported file's title.</summary>
    public const string Title = "title";
    /// <summary>The slug an imported file's name gives (<c>yuliya_knowledge.md</c> → <c>yuliya</c>).</summary>
    public const string File = "file";
    /// <summary>Added by hand.</summary>
    public const string Manual = "manual";
    /// <summary>Brought by merging another expert into this one.</summary>
    public const string Merge = "merge";
}
