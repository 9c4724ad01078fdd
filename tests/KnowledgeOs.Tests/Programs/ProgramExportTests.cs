using System.IO.Compression;
using System.Text.Json;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Import;
using KnowledgeOs.Programs;
using KnowledgeOs.Rendering;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Import;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Programs;

/// <summary>
/// Programs go out and come back (issue 14): <c>kos export</c> and the HTTP export write <c>{slug}_program.md</c>,
/// the JSON export carries the program, re-importing kos's own output (the export or <c>kos program</c>) adds no
/// claim, and a figure two documents claimed alike is shown once with both sources.
/// </summary>
public sealed class ProgramExportTests
{
    [SkippableFact]
    public async Task Reimporting_kos_program_output_of_the_22_ATRA_experts_adds_no_claim_and_no_typed_tick()
    {
        await using var first = await ImportHarness.OpenAsync();
        await using var second = await ImportHarness.OpenAsync();
        Assert.All((await first.ImportAsync([.. ImportFiles.Knowledge(), .. ImportFiles.Programs()])).Files, f => Assert.Null(f.Error));
        var folder = Path.Combine(second.Folder.Path, "shown");
        Directory.CreateDirectory(folder);
        var originals = (await first.Store.ListAsync(ImportHarness.Team, CancellationToken.None)).Select(s => s.State).ToList();
        foreach (var s in originals)
        {
            // What `kos program <slug>` prints (and `--lang en`), saved as the expert's program and imported again.
            await File.WriteAllTextAsync(Path.Combine(folder, $"{s.Slug}_knowledge.md"), MarkdownRenderer.Render(s, new RenderOptions()));
            await File.WriteAllTextAsync(Path.Combine(folder, $"{s.Slug}_program.md"),
                ProgramRenderer.Render(ProgramEvaluator.Evaluate(s, ProgramCatalog.Builtin), english: s.Slug.Length % 2 == 0));
        }
        Assert.All((await second.ImportAsync(folder)).Files, f => Assert.Null(f.Error));

        foreach (var original in originals)
        {
            var copy = (await second.ExpertAsync(original.Slug)).State;
            var program = copy.ImportedProgram!;
            // The computed header lines (progress by evidence, level "now", which program) and the progress section
            // are not the file's claims; the 195% the old status line claimed stays, from the knowledge base.
            Assert.DoesNotContain(program.Claims, c => ProgramRenderer.ComputedLabels.Contains(KnowledgeOs.Text.TextKey.Of(c.Label)));
            Assert.DoesNotContain(ProgramEvaluator.ClaimsOf(copy), c => c.Source == $"import:{original.Slug}_program.md");
            Assert.Equal(original.ImportedProgram!.Level, program.Level);
            // Ticks kos earned from evidence are not typed ticks of the file.
            Assert.Equal(0, ProgramEvaluator.Evaluate(copy, ProgramCatalog.Builtin).ClaimedTicks?.Ticked);
            // Entries come back without kos's evidence, rule or "needs a person" suffixes.
            Assert.Equal(original.ImportedProgram.Stages.SelectMany(s => s.Items).Select(i => i.Text),
                program.Stages.SelectMany(s => s.Items).Select(i => i.Text));
            Assert.Equal(original.ImportedProgram.Materials, program.Materials);
        }
    }

    [SkippableFact]
    public async Task The_block_the_seed_and_igor_knowledge_md_both_claim_is_shown_once_with_both_sources_and_survives_export()
    {
        await using var first = await ImportHarness.OpenAsync();
        await using var second = await ImportHarness.OpenAsync();
        var knowledge = ImportFiles.Knowledge().Single(f => Path.GetFileName(f) == "igor_knowledge.md");
        Assert.All((await first.ImportAsync(ImportFiles.Seed(), knowledge)).Files, f => Assert.Null(f.Error));
        var igor = (await first.ExpertAsync("igor")).State;
        var seed = "import:" + Path.GetFileName(ImportFiles.Seed());
        // Stored as recorded: one claim per document.
        Assert.Contains(igor.Claims, c => c is { Label: "Всего задач выполнено", Value: "100+" } && c.Source == seed);
        Assert.Contains(igor.Claims, c => c is { Label: "Всего задач выполнено", Value: "100+" } && c.Source == "import:igor_knowledge.md");

        var shared = ClaimSources.Of(igor.Claims).Single(c => c is { Label: "Всего задач выполнено", Value: "100+" });
        Assert.Equal([seed, "import:igor_knowledge.md"], shared.Sources.Order(StringComparer.Ordinal));
        var rendered = MarkdownRenderer.Render(igor, new RenderOptions());
        Assert.Single(rendered.Split('\n'), l => l == "- **Всего задач выполнено:** 100+");
        Assert.Single(rendered.Split('\n'), l => l.StartsWith("**Источник:**", StringComparison.Ordinal)
            && l.Contains("`import:igor_knowledge.md`", StringComparison.Ordinal) && l.Contains($"`{seed}`", StringComparison.Ordinal));

        // Export, import into an empty store: every claim with every source, and the same bytes again.
        var file = second.Folder.File("igor_knowledge.md");
        await File.WriteAllTextAsync(file, rendered);
        Assert.All((await second.ImportAsync(file)).Files, f => Assert.Null(f.Error));
        var copy = (await second.ExpertAsync("igor")).State;
        Assert.Equal(Keys(igor.Claims), Keys(copy.Claims));
        // The claims block renders the same again (the rest differs only in "knowledge confirmed": the seed confirmed
        // items of igor_knowledge.md, which one exported file cannot repeat).
        Assert.Equal(ClaimsBlock(rendered), ClaimsBlock(MarkdownRenderer.Render(copy, new RenderOptions())));
        // Importing the export again into the same store records no claim twice.
        var again = await second.ImportAsync(file);
        Assert.Equal(copy.Claims.Count, (await second.ExpertAsync("igor")).State.Claims.Count);
        Assert.All(again.Files, f => Assert.Null(f.Error));
    }

    [Fact]
    public async Task Kos_export_writes_the_program_of_an_expert_who_brought_one_and_none_for_the_others()
    {
        using var dir = new TempFolder();
        var db = dir.File("kos.db");
        Assert.Equal(0, (await Kos.RunAsync("import", ImportFiles.Sample("svetlana_knowledge.md"), ImportFiles.Sample("svetlana_program.md"),
            ImportFiles.Sample("kate_knowledge.md"), "--data", db)).ExitCode);
        var run = await Kos.RunAsync("export", "--out", dir.File("out"), "--data", db, "--lang", "en");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1 learning programs", run.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("out/svetlana_program.md")));
        Assert.False(File.Exists(dir.File("out/kate_program.md")));

        var written = await File.ReadAllTextAsync(dir.File("out/svetlana_program.md"));
        var original = LearningProgramParser.Parse(await File.ReadAllTextAsync(ImportFiles.Sample("svetlana_program.md")), "svetlana_program.md").Program;
        Assert.Equal(Json(original), Json(LearningProgramParser.Parse(written, "svetlana_program.md").Program));
        // The JSON export carries it too.
        var export = KnowledgeExport.Parse(await File.ReadAllTextAsync(dir.File("out/default_export.json")));
        Assert.Equal(Json(original), Json(export.Experts.Single(e => e.Slug == "svetlana").Program!));
        Assert.Null(export.Experts.Single(e => e.Slug == "kate").Program);
        Assert.Equal(Json(original), Json(export.Experts.Single(e => e.Slug == "svetlana").ToState().ImportedProgram!));
    }

    [Fact]
    public async Task The_HTTP_export_carries_the_program_in_the_zip_and_in_the_JSON()
    {
        await using var server = await ApiServer.StartAsync();
        using var form = new MultipartFormDataContent();
        foreach (var name in new[] { "svetlana_knowledge.md", "svetlana_program.md", "kate_knowledge.md" })
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(ImportFiles.Sample(name))), "files", name);
        using var imported = await server.Client.PostAsync("api/v1/teams/demo/import", form);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());

        var json = await server.Client.GetJsonAsync("api/v1/teams/demo/export");
        var svetlana = json.GetProperty("experts").EnumerateArray().Single(e => e.GetProperty("slug").GetString() == "svetlana");
        Assert.Equal("svetlana_program.md", svetlana.GetProperty("program").GetProperty("fileName").GetString());

        using var zipResponse = await server.Client.GetAsync("api/v1/teams/demo/export/zip");
        using var zip = new ZipArchive(await zipResponse.Content.ReadAsStreamAsync());
        Assert.Equal(["demo_export.json", "kate_knowledge.md", "svetlana_knowledge.md", "svetlana_program.md"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(await zip.GetEntry("svetlana_program.md")!.OpenAsync());
        var program = LearningProgramParser.Parse(await reader.ReadToEndAsync(), "svetlana_program.md").Program;
        var original = LearningProgramParser.Parse(await File.ReadAllTextAsync(ImportFiles.Sample("svetlana_program.md")), "svetlana_program.md").Program;
        Assert.Equal(Json(original), Json(program));
    }

    private static string ClaimsBlock(string markdown)
    {
        var start = markdown.IndexOf("### Заявлено", StringComparison.Ordinal);
        Assert.True(start >= 0, "no claims block");
        return markdown[start..markdown.IndexOf("\n---", start, StringComparison.Ordinal)];
    }

    private static List<string> Keys(IEnumerable<MetricClaim> claims) =>
        [.. claims.Select(c => $"{c.Source}|{c.Label}|{c.Value}").Distinct().Order(StringComparer.Ordinal)];

    private static string Json(StoredProgram p) => JsonSerializer.Serialize(p, EventTypes.Json);
}
