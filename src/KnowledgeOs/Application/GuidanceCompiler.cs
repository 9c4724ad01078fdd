using KnowledgeOs.Rendering;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>An expert's guidance block and the state version it was compiled at.</summary>
/// <param name="Expert">Slug.</param>
/// <param name="Block">The marked Markdown block.</param>
/// <param name="Origin">The log position it was compiled from.</param>
public sealed record CompiledGuidance(string Expert, string Block, GuidanceOrigin Origin);

/// <summary>What refreshing one guidance file did.</summary>
/// <param name="Expert">Slug.</param>
/// <param name="File">The file.</param>
/// <param name="Position">The log position the block was compiled from.</param>
/// <param name="Changed">False when the file already held the block (0 bytes written).</param>
public sealed record GuidanceWrite(string Expert, string File, long Position, bool Changed);

/// <summary>Compiles guidance blocks (<see cref="GuidanceBlock"/>) from the store: the expert's state and the log position of its latest event.</summary>
public static class GuidanceCompiler
{
    /// <summary>One expert's block, now.</summary>
    public static async Task<CompiledGuidance> CompileAsync(KnowledgeService service, string team, string slug, int budget, CancellationToken ct)
    {
        var snapshot = await service.GetAsync(team, slug, null, ct);
        GuidanceOrigin? origin = null;
        await foreach (var e in service.Store.ReadStreamAfterAsync(new StreamId(team, snapshot.State.Slug), Math.Max(0, snapshot.Version - 1), ct))
            origin = new GuidanceOrigin(e.Position, e.RecordedAt);
        origin ??= new GuidanceOrigin(0, snapshot.State.CreatedAt);
        return new CompiledGuidance(snapshot.State.Slug, GuidanceBlock.Render(snapshot.State, origin, budget), origin);
    }

    /// <summary>
    /// The files a guidance target names: one expert's <paramref name="outFile"/>, or with <paramref name="dir"/> one file
    /// per active expert (<c>DIR/SLUG{ext}</c>).
    /// </summary>
    public static async Task<IReadOnlyList<(string Slug, string Path)>> TargetsAsync(KnowledgeService service, string team, string? expert,
        string? outFile, string? dir, string ext, CancellationToken ct) =>
        dir is not null
            ? [.. (await service.ListAsync(team, ct)).Where(s => s.State.Status == Events.ExpertStatus.Active)
                .Select(s => (s.State.Slug, Path.Combine(dir, s.State.Slug + ext)))]
            : [(expert ?? throw InputException.Of("Name an expert, or give a directory for all.", "expert", ErrorCodes.ExpertOrFolderRequired), outFile ?? throw InputException.Of("Give the file to write.", "out", ErrorCodes.OutFileRequired))];

    /// <summary>Compiles one expert's block and puts it into <paramref name="path"/>, writing only when it changed.</summary>
    public static async Task<GuidanceWrite> RefreshAsync(KnowledgeService service, string team, string slug, string path, int budget, CancellationToken ct)
    {
        var guidance = await CompileAsync(service, team, slug, budget, ct);
        var changed = await WriteAsync(path, guidance, ct);
        return new GuidanceWrite(slug, path, guidance.Origin.Position, changed);
    }

    /// <summary>Puts the block into a Markdown file (created when missing); writes nothing when the file already holds it. True when the file changed.</summary>
    public static async Task<bool> WriteAsync(string path, CompiledGuidance guidance, CancellationToken ct)
    {
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : null;
        var merged = GuidanceBlock.Merge(existing, guidance.Expert, guidance.Block);
        if (merged == existing) return false;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(path, merged, ct);
        return true;
    }
}
