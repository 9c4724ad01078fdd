using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KnowledgeOs.Application;
using KnowledgeOs.Sqlite;

namespace KnowledgeOs.Bench;

/// <summary>
/// <c>kos import</c> end to end on SQLite (synchronous=FULL): the 44 ATRA fixture files, then 10,000 files generated
/// from them in the same format (each a copy with its expert renamed, knowledge bases and programs paired), through
/// <see cref="ImportService"/> exactly as the CLI calls it: read, decode, parse, decide, one commit per file.
/// Also the same files as a dry run (no writes), to show what the store costs.
/// </summary>
public sealed partial class ImportBench : IBench
{
    /// <inheritdoc/>
    public string Name => "import";

    /// <inheritdoc/>
    public string Description => "Markdown files imported per second and MB/s: the 44 ATRA fixtures and N generated [--files N] [--parallel N] [--fixtures DIR] [--repeat N]";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var count = Measure.Int(args, "--files", 10_000);
        var parallel = Measure.Int(args, "--parallel", 4);
        var repeat = Measure.Int(args, "--repeat", 5);
        var fixtures = Measure.Text(args, "--fixtures") ?? FindFixtures();
        if (fixtures is null || !Directory.Exists(Path.Combine(fixtures, "atra")))
        {
            Console.Error.WriteLine("The ATRA fixtures were not found (../shared/fixtures beside the repository); pass --fixtures DIR.");
            return 2;
        }
        var atra = Path.Combine(fixtures, "atra");
        var templates = Directory.GetFiles(atra, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine($"parallelism: {parallel}; store: SQLite file, WAL, synchronous=FULL, one commit per file");
        Console.WriteLine();
        Console.WriteLine("| input | files | MB | mode | files/s | MB/s | events | errors |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|");

        for (var run = 0; run < repeat; run++)
            Console.WriteLine(await RunOnceAsync($"ATRA fixtures ({templates.Length})", [atra], parallel, dryRun: false, ct));
        Console.WriteLine(await RunOnceAsync($"ATRA fixtures ({templates.Length})", [atra], parallel, dryRun: true, ct));

        var generated = Path.Combine(Path.GetTempPath(), $"kos-bench-import-{Guid.NewGuid():N}");
        try
        {
            Generate(templates, generated, count);
            Console.WriteLine(await RunOnceAsync($"generated ({count:N0})", [generated], parallel, dryRun: false, ct));
            Console.WriteLine(await RunOnceAsync($"generated ({count:N0})", [generated], parallel, dryRun: true, ct));
        }
        finally
        {
            Directory.Delete(generated, recursive: true);
        }
        return 0;
    }

    private static async Task<string> RunOnceAsync(string input, string[] paths, int parallel, bool dryRun, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"kos-bench-{Guid.NewGuid():N}");
        try
        {
            await using var store = await SqliteEventStore.OpenAsync(Path.Combine(folder, "kos.db"), TimeProvider.System, ct);
            var service = new ImportService(store, TimeProvider.System);
            var started = Stopwatch.GetTimestamp();
            var report = await service.ImportAsync("bench", paths, new ImportOptions(DryRun: dryRun, MaxParallelism: parallel), ct: ct);
            var seconds = Measure.Ms(started, Stopwatch.GetTimestamp()) / 1000;
            var mb = report.Bytes / 1024.0 / 1024.0;
            var events = await store.ReadAllAsync(0, ct).CountAsync(ct);
            return string.Create(CultureInfo.InvariantCulture,
                $"| {input} | {report.Files.Count:N0} | {mb:0.0} | {(dryRun ? "dry run" : "import")} | {report.Files.Count / seconds:N0} | {mb / seconds:0.00} | {(dryRun ? report.Files.Sum(f => f.Events) : events):N0} | {report.Failed} |");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Copies of the fixtures with the expert renamed in the title and the file name (<c>igor-17_knowledge.md</c>,
    /// <c>Игорь 17 (Backend Developer)</c>), 1,000 files per folder, so every copy is a new expert whose program joins it.
    /// </summary>
    private static void Generate(string[] templates, string folder, int count)
    {
        var texts = templates.Select(File.ReadAllText).ToArray();
        for (var i = 0; i < count; i++)
        {
            var t = i % templates.Length;
            var batch = i / templates.Length;
            var name = Path.GetFileName(templates[t]);
            var fileName = FileSuffix().Replace(name, $"-{batch}$1");
            var text = Title().Replace(texts[t], m => $"{m.Groups["head"].Value}{m.Groups["name"].Value} {batch} ({m.Groups["role"].Value})", 1);
            var dir = Path.Combine(folder, $"part{i / 1000:00}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, fileName), text);
        }
    }

    private static string? FindFixtures()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KnowledgeOs.slnx")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
        return null;
    }

    [GeneratedRegex(@"(_knowledge\.md|_program\.md)$")]
    private static partial Regex FileSuffix();

    [GeneratedRegex(@"^(?<head>#[^:\n]*:\s*)(?<name>[^(\n]+?)\s*\((?<role>[^)\n]*)\)", RegexOptions.Multiline)]
    private static partial Regex Title();
}
