using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Programs;
using System.Text.Json;
using KnowledgeOs.Rendering;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Import;

/// <summary>
/// Export (render) then import into an empty store gives the same knowledge base, and rendering it again gives the
/// same bytes: the importer reads everything the renderer writes (docs/RENDERING.md), and nothing more.
/// </summary>
public class ImportRoundTripTests
{
    [Theory]
    [InlineData(RenderLanguage.Ru)]
    [InlineData(RenderLanguage.En)]
    public async Task The_samples_survive_export_and_import(RenderLanguage language) =>
        await AssertRoundTripAsync([ImportFiles.Sample("svetlana_knowledge.md"), ImportFiles.Sample("kate_knowledge.md")], language, 2);

    [SkippableTheory]
    [InlineData(RenderLanguage.Ru)]
    [InlineData(RenderLanguage.En)]
    public async Task Every_ATRA_knowledge_base_survives_export_and_import(RenderLanguage language) =>
        await AssertRoundTripAsync(ImportFiles.Knowledge(), language, 22);

    [SkippableTheory]
    [InlineData(RenderLanguage.Ru)]
    [InlineData(RenderLanguage.En)]
    public async Task Every_ATRA_program_survives_export_and_import(RenderLanguage language) =>
        await AssertRoundTripAsync([.. ImportFiles.Knowledge(), .. ImportFiles.Programs()], language, 22, programs: 22);

    [Theory]
    [InlineData(RenderLanguage.Ru)]
    [InlineData(RenderLanguage.En)]
    public async Task A_tag_keeps_its_case_through_import_render_and_import_again(RenderLanguage language)
    {
        using var folder = new TempFolder();
        var kate = folder.File("kate_knowledge.md");
        var text = ImportFiles.SampleText("kate_knowledge.md");
        Assert.Contains("**Expertise:** observability, incident response", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(kate, text.Replace("**Expertise:** observability, incident response",
            "**Expertise:** Decimal, observability, decimal, Incident Response", StringComparison.Ordinal));
        await using var harness = await ImportHarness.OpenAsync();
        await harness.ImportAsync(kate);
        var state = (await harness.ExpertAsync("kate")).State;

        Assert.Equal(["Decimal", "observability", "Incident Response"], state.Tags);
        Assert.Contains("Decimal, observability, Incident Response", MarkdownRenderer.Render(state, new RenderOptions(language)), StringComparison.Ordinal);
        Assert.Contains("\"Decimal\"", JsonSerializer.Serialize(KnowledgeExport.Of(ImportHarness.Team, [state]), KnowledgeExport.Json), StringComparison.Ordinal);
        await AssertRoundTripAsync([kate], language, 1);
    }

    private static async Task AssertRoundTripAsync(string[] files, RenderLanguage language, int experts, int programs = 0)
    {
        await using var first = await ImportHarness.OpenAsync();
        await using var second = await ImportHarness.OpenAsync();
        var imported = await first.ImportAsync(files);
        Assert.All(imported.Files, f => Assert.Null(f.Error));

        var originals = await first.Store.ListAsync(ImportHarness.Team, CancellationToken.None);
        Assert.Equal(experts, originals.Count);
        var exported = Path.Combine(second.Folder.Path, "export");
        Directory.CreateDirectory(exported);
        var rendered = new Dictionary<string, string>();
        var ownPrograms = new Dictionary<string, string>();
        foreach (var e in originals)
        {
            // kos export writes {slug}_knowledge.md.
            rendered[e.State.Slug] = MarkdownRenderer.Render(e.State, new RenderOptions(language));
            await File.WriteAllTextAsync(Path.Combine(exported, $"{e.State.Slug}_knowledge.md"), rendered[e.State.Slug]);
            // and {slug}_program.md for an expert who brought a program.
            if (ProgramFileRenderer.Render(e.State, language == RenderLanguage.En) is { } program)
            {
                ownPrograms[e.State.Slug] = program;
                await File.WriteAllTextAsync(Path.Combine(exported, ProgramFileRenderer.FileName(e.State.Slug)), program);
            }
        }
        Assert.Equal(programs, ownPrograms.Count);

        var again = await second.ImportAsync(exported);
        Assert.All(again.Files, f => Assert.Null(f.Error));
        Assert.All(again.Files, f => Assert.Equal(0, f.DuplicatesDropped));
        var copies = (await second.Store.ListAsync(ImportHarness.Team, CancellationToken.None)).ToDictionary(s => s.State.Slug);
        Assert.Equal(originals.Select(o => o.State.Slug), copies.Keys.Order(StringComparer.Ordinal));
        foreach (var original in originals.Select(o => o.State))
        {
            var copy = copies[original.Slug].State;
            Assert.Equal(Profile(original), Profile(copy));
            Assert.Equal(Items(original), Items(copy));
            Assert.Equal(original.Claims.Distinct(), copy.Claims.Distinct());
            Assert.Equal(rendered[original.Slug], MarkdownRenderer.Render(copy, new RenderOptions(language)));
            Assert.Equal(ownPrograms.GetValueOrDefault(original.Slug), ProgramFileRenderer.Render(copy, language == RenderLanguage.En));
            if (original.ImportedProgram is null) continue;
            // The program read back is the program exported: every entry, every typed tick (still a claim), every claimed number.
            Assert.Equal(Json(original.ImportedProgram with { FileName = "" }), Json(copy.ImportedProgram! with { FileName = "" }));
            // Re-importing our own output adds no claim: the claimed progress is the one the old files made, from them.
            Assert.Equal(ProgramEvaluator.ClaimsOf(original).Select(c => (c.Percent, c.Label, c.Value)),
                ProgramEvaluator.ClaimsOf(copy).Select(c => (c.Percent, c.Label, c.Value)));
            Assert.Equal(ProgramEvaluator.Evaluate(original, ProgramCatalog.Builtin).ClaimedTicks?.Ticked,
                ProgramEvaluator.Evaluate(copy, ProgramCatalog.Builtin).ClaimedTicks?.Ticked);
        }
    }

    private static string Json(StoredProgram p) => System.Text.Json.JsonSerializer.Serialize(p, EventTypes.Json);

    private static string Profile(ExpertState s) =>
        $"{s.DisplayName}|{s.Role}|{s.Priority}|{s.Status}|{s.Project}|{s.Responsibility}|{string.Join(";", s.Duties)}|{string.Join(";", s.Tags)}|{s.CreatedAt:yyyy-MM-dd}";

    private static List<string> Items(ExpertState s) =>
        s.Items.Values.Where(i => i.IsActive).OrderBy(i => i.Section).ThenBy(i => i.Order)
            .Select(i => $"{i.Id}|{i.Section}|{i.Text}|{string.Join(";", i.Fields.Select(f => f.Key + "=" + f.Value))}|{string.Join(";", i.Solutions)}")
            .ToList();
}
