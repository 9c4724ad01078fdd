using System.Security.Cryptography;
using System.Text.RegularExpressions;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Import;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Text;

namespace KnowledgeOs.Application;

/// <summary>
/// Imports old Markdown knowledge bases and learning programs: files read and parsed in parallel (bounded), each file
/// decided against its expert's current state and appended in one atomic commit keyed by its content hash, so a file
/// imports whole or not at all and importing it again writes nothing.
/// </summary>
public sealed partial class ImportService(KnowledgeService service, TimeProvider time)
{
    /// <summary>An importer with its own <see cref="KnowledgeService"/> over a store (a command or a test that has no service yet).</summary>
    public ImportService(IEventStore store, TimeProvider time) : this(new KnowledgeService(store, time), time)
    {
    }

    private IEventStore Store => service.Store;

    /// <summary>Imports files and folders into a team.</summary>
    /// <param name="team">Team slug.</param>
    /// <param name="paths">Files and folders (walked recursively).</param>
    /// <param name="options">Dry run, parallelism, size limit.</param>
    /// <param name="onFile">Called once per file as it finishes (from any thread), for a progress bar.</param>
    /// <param name="onFilesFound">Called once with the number of files found, before any is read.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<ImportReport> ImportAsync(
        string team, IEnumerable<string> paths, ImportOptions? options = null,
        Action<FileImportReport>? onFile = null, Action<int>? onFilesFound = null, CancellationToken ct = default)
    {
        ExpertDecider.ValidateSlug(team, "team");
        options ??= new ImportOptions();
        var (files, skipped) = ImportPaths.Expand(paths);
        onFilesFound?.Invoke(files.Count);
        var directory = new ExpertDirectory(await Store.ListAsync(team, ct));
        var reports = new FileImportReport[files.Count];
        // A dry run writes nothing, so what an earlier file of the run would have written is kept here, and the files run
        // one by one: each then decides against the state the real run would give it (the same events, the same counts).
        var dryRun = options.DryRun ? new DryRunState() : null;
        // Knowledge bases before programs: a program alone onboards its expert with a bare profile (name and role),
        // and the knowledge base of the same expert in the same run must be the one that sets priority, date and status.
        var waves = Enumerable.Range(0, files.Count).ToLookup(i => IsProgramName(files[i]));
        foreach (var wave in new[] { waves[false], waves[true] })
        {
            await Parallel.ForEachAsync(wave,
                new ParallelOptions { MaxDegreeOfParallelism = dryRun is null ? Math.Max(1, options.MaxParallelism) : 1, CancellationToken = ct },
                async (i, token) =>
                {
                    reports[i] = await ImportFileAsync(team, files[i], directory, options, options.CallerKey is { } key ? $"{key}#{i}" : null, dryRun, token);
                    onFile?.Invoke(reports[i]);
                });
        }
        return new ImportReport(reports, skipped, options.DryRun);
    }

    private async Task<FileImportReport> ImportFileAsync(string team, string path, ExpertDirectory directory, ImportOptions options, string? callerKey,
        DryRunState? dryRun, CancellationToken ct)
    {
        var report = new FileImportReport { Path = path };
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return report with { Error = "the file disappeared before it could be read" };
            if (info.Length > options.MaxFileBytes)
                return report with { Bytes = info.Length, Error = $"the file is {Mb(info.Length)}; the limit is {Mb(options.MaxFileBytes)} (knowledge bases are kilobytes; raise it with --max-size if this one is real)" };
            bytes = await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return report with { Error = "the file disappeared before it could be read" };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return report with { Error = $"cannot read the file: {ex.Message}" };
        }
        report = report with { Bytes = bytes.Length };
        if (bytes.Length > options.MaxFileBytes)
            return report with { Error = $"the file is {Mb(bytes.Length)}; the limit is {Mb(options.MaxFileBytes)}" };

        try
        {
            var decoded = TextDecoder.Decode(bytes);
            report = report with { Encoding = decoded.Encoding, Repair = decoded.Repair, RepairArgs = decoded.RepairArgs };
            var fallbackAt = time.GetUtcNow();
            var fileName = System.IO.Path.GetFileName(path);
            var kind = Sniff(decoded.Text, fileName);
            var key = "import:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (kind == DocumentKind.LearningProgram)
            {
                var read = LearningProgramParser.Parse(decoded.Text, fileName);
                var program = read.Program;
                report = report with
                {
                    Kind = "program",
                    Name = program.DisplayName,
                    Role = program.Role,
                    Created = program.CreatedText,
                    Program = $"{program.Stages.Count} stages, {program.CheckCount} checklist items ({program.Stages.Sum(s => s.Items.Count(c => c.Claimed))} ticked in the file: kept as claims), {program.Goals.Count} goals, {program.Materials.Count} materials, {program.SuccessCriteria.Count} criteria, {program.Certifications.Count} certifications",
                    Warnings = read.Warnings,
                };
                return await CommitAsync(team, fileName, program.DisplayName, program.Role, directory, key, callerKey, options, dryRun,
                    (state, slug) => ImportDecider.DecideProgram(state, slug, read, fallbackAt), report, ct);
            }
            var doc = KnowledgeDocumentParser.Parse(decoded.Text, fileName, fallbackAt);
            report = report with
            {
                Kind = "knowledge",
                Name = doc.Expert.DisplayName,
                Role = doc.Expert.Role,
                Priority = doc.Expert.Priority,
                Created = doc.Expert.CreatedText,
                Status = doc.Expert.Status,
                UnknownSections = doc.UnknownHeadings,
                Warnings = doc.Warnings,
            };
            return await CommitAsync(team, fileName, doc.Expert.DisplayName, doc.Expert.Role, directory, key, callerKey, options, dryRun,
                (state, slug) => ImportDecider.Decide(state, slug, doc, fallbackAt), report, ct);
        }
        catch (KnowledgeOsException ex) when (ex.Code != ErrorCodes.IdempotencyKeyReused) // the caller's key reused: the whole request's answer
        {
            return report with { Error = ex.Message };
        }
    }

    /// <summary>
    /// The whole file in one commit keyed by its content, through the service's one write path (load, decide, append,
    /// retry a lost race); a dry run only loads and decides.
    /// </summary>
    private async Task<FileImportReport> CommitAsync(
        string team, string fileName, string name, string role, ExpertDirectory directory, string key, string? callerKey, ImportOptions options,
        DryRunState? dryRun, Func<ExpertState?, string, ImportDecision> decide, FileImportReport report, CancellationToken ct)
    {
        var (slug, matchedBy) = directory.Resolve(name, role, fileName);
        FileImportReport Described(ExpertState? state, ImportDecision d) =>
            Describe(report, d, slug, state is null ? "new" : matchedBy == "new" ? "slug" : matchedBy);
        ImportDecision Decide(ExpertState? state) =>
            ImportAliases.With(decide(state, slug), state, slug, name, FileSlug(fileName), fileName, time.GetUtcNow());
        if (directory.Namesakes(name, slug) is { Count: > 0 } namesakes)
        {
            // Two people with one display name are kept apart; reports must tell them apart by role or slug.
            report = report with
            {
                Warnings = [.. report.Warnings, ImportWarning.Of(1,
                $"another expert is also named '{name}': {string.Join(", ", namesakes)}; kept apart from '{slug}' (reports tell them apart by role or slug)",
                "namesake", name, string.Join(", ", namesakes), slug)]
            };
        }
        try
        {
            if (options.DryRun)
            {
                var stream = new StreamId(team, slug);
                var snapshot = await Store.LoadAsync(stream, ct);
                var state = dryRun is not null && dryRun.States.TryGetValue(stream, out var would) ? would : snapshot?.State;
                var decision = Decide(state);
                var result = Described(state, decision);
                // The same file twice in one run: the real run's second commit is a replay of the first's key.
                if (dryRun is not null && !dryRun.Keys.Add(key)) return result with { AlreadyImported = true, Events = 0 };
                if (dryRun is not null && ExpertState.Fold(state, decision.Events) is { } next) dryRun.States[stream] = next;
                return result;
            }
            // The decision of the attempt that was written (a lost race decides again on the newer state).
            FileImportReport? described = null;
            var written = await service.WriteKeyedAsync(team, slug, (state, _) =>
            {
                var decision = Decide(state);
                described = Described(state, decision);
                return decision.Events;
            }, key, ct, callerKey);
            return written.Duplicate ? AlreadyImported(described!) : described! with { Replayed = written.Replayed };
        }
        catch (KnowledgeOsException ex) when (ex.Code != ErrorCodes.IdempotencyKeyReused) // the caller's key reused: the whole request's answer
        {
            return report with { Slug = slug, Error = ex.Message };
        }
    }

    private static FileImportReport AlreadyImported(FileImportReport result) => result with
    {
        AlreadyImported = true,
        Events = 0,
        Items = new SortedDictionary<string, int>(),
        Confirmed = 0,
        DuplicatesDropped = 0,
        AlreadyPresent = 0,
        ClaimsRecorded = 0,
        ClaimsDropped = 0,
        Suggestions = [],
        ProfileFilled = [],
    };

    private static FileImportReport Describe(FileImportReport report, ImportDecision d, string slug, string matchedBy) => report with
    {
        Slug = slug,
        MatchedBy = matchedBy,
        Items = new SortedDictionary<string, int>(d.Recorded.ToDictionary(kv => kv.Key.Code(), kv => kv.Value), StringComparer.Ordinal),
        Confirmed = d.Confirmed.Values.Sum(),
        DuplicatesDropped = d.DuplicatesDropped,
        AlreadyPresent = d.AlreadyPresent,
        ClaimsRecorded = d.ClaimsRecorded,
        ClaimsDropped = d.ClaimsDropped,
        ProfileFilled = d.ProfileFilled,
        Warnings = [.. report.Warnings, .. d.Warnings],
        Suggestions = d.Suggestions,
        Events = d.Events.Count,
    };

    /// <summary>A program by its title (<c>ПРОГРАММА ОБУЧЕНИЯ</c>) or, failing that, its name (<c>*_program.md</c>).</summary>
    public static DocumentKind Sniff(string text, string fileName)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var t = line.Trim();
            if (t.IsEmpty) continue;
            if (!t.StartsWith("#")) break;
            if (TitleLine.TryRead(t.TrimStart('#').ToString(), out var title) && title.Kind is { } kind) return kind;
            break;
        }
        return System.IO.Path.GetFileNameWithoutExtension(fileName).EndsWith("_program", StringComparison.OrdinalIgnoreCase)
            ? DocumentKind.LearningProgram
            : DocumentKind.KnowledgeBase;
    }

    /// <summary>The slug a file name gives: <c>igor_knowledge.md</c> and <c>igor_program.md</c> → <c>igor</c>; null when the name has no such form.</summary>
    public static string? FileSlug(string fileName)
    {
        var m = FileSlugPattern().Match(System.IO.Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant());
        return m.Success ? m.Groups["slug"].Value : null;
    }

    private static bool IsProgramName(string path) =>
        System.IO.Path.GetFileNameWithoutExtension(path).EndsWith("_program", StringComparison.OrdinalIgnoreCase);

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:0.#} MB";

    [GeneratedRegex(@"^(?<slug>[a-z0-9][a-z0-9_-]{0,62}?)[_-](knowledge|program|kb)$")]
    private static partial Regex FileSlugPattern();

    /// <summary>What a dry run would have written so far: each expert's state after it, and the files' keys.</summary>
    private sealed class DryRunState
    {
        /// <summary>Each expert's state as the run would have left it.</summary>
        public Dictionary<StreamId, ExpertState> States { get; } = [];

        /// <summary>The idempotency keys (file contents) the run would have committed.</summary>
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// The team's experts by name and role and by slug, read once per import and kept current as files onboard experts,
    /// so parallel files for one new expert agree on its slug.
    /// </summary>
    private sealed class ExpertDirectory
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, List<string>> _byNameRole = new(StringComparer.Ordinal);
        private readonly HashSet<string> _slugs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SortedSet<string>> _byName = new(StringComparer.Ordinal);

        public ExpertDirectory(IEnumerable<Snapshot> experts)
        {
            foreach (var e in experts) Add(e.State.Slug, e.State.DisplayName, e.State.Role);
        }

        /// <summary>By display name and role; else by the file-name slug; else a new slug (the file's, or the name's).</summary>
        public (string Slug, string MatchedBy) Resolve(string name, string role, string fileName)
        {
            var fileSlug = FileSlug(fileName);
            lock (_lock)
            {
                if (_byNameRole.TryGetValue(NameRole(name, role), out var slugs))
                    return (fileSlug is not null && slugs.Contains(fileSlug) ? fileSlug : slugs[0], "name and role");
                if (fileSlug is not null && _slugs.Contains(fileSlug)) return (fileSlug, "file name");
                var slug = fileSlug ?? Transliteration.Slug(name);
                if (slug.Length == 0) slug = "expert";
                var unique = slug;
                for (var n = 2; _slugs.Contains(unique); n++) unique = $"{slug}-{n}";
                Add(unique, name, role);
                return (unique, "new");
            }
        }

        /// <summary>The slugs of other experts with this display name (normalized).</summary>
        public IReadOnlyList<string> Namesakes(string name, string slug)
        {
            lock (_lock)
                return _byName.TryGetValue(TextKey.Of(name), out var slugs) ? [.. slugs.Where(s => s != slug)] : [];
        }

        private void Add(string slug, string name, string role)
        {
            _slugs.Add(slug);
            if (!_byName.TryGetValue(TextKey.Of(name), out var named)) _byName[TextKey.Of(name)] = named = new SortedSet<string>(StringComparer.Ordinal);
            named.Add(slug);
            var key = NameRole(name, role);
            if (!_byNameRole.TryGetValue(key, out var list)) _byNameRole[key] = list = [];
            if (!list.Contains(slug)) list.Add(slug);
        }

        private static string NameRole(string name, string role) => TextKey.Of(name) + "\n" + TextKey.Of(role);
    }
}
