using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Import;

/// <summary>The real ATRA documents (../shared/fixtures): skipped with a reason in a fresh clone.</summary>
public sealed class FixtureImportTests : IAsyncLifetime
{
    private ImportHarness _h = null!;

    public async Task InitializeAsync() => _h = await ImportHarness.OpenAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SkippableFact]
    public async Task Every_fixture_file_imports_without_an_error()
    {
        var root = ImportFiles.Fixtures();
        // The knowledge bases and the programs; atra/docs holds ATRA's own documentation, not knowledge bases.
        var report = await _h.ImportAsync(
            Path.Combine(root, "atra", "knowledge"), Path.Combine(root, "atra", "learning_programs"), ImportFiles.Seed());

        Assert.Equal(45, report.Files.Count);
        Assert.All(report.Files, f => Assert.True(f.Ok, $"{f.Path}: {f.Error}"));
        Assert.Equal(22, report.Files.Count(f => f.Kind == "program"));
        // 22 experts: each program and the seed joined the expert of its knowledge base.
        var experts = await _h.Store.ListAsync(ImportHarness.Team, CancellationToken.None);
        Assert.Equal(22, experts.Count);
        Assert.All(experts, e => Assert.NotNull(e.State.ImportedProgram));
        Assert.True(report.DuplicatesDropped > 1000, $"only {report.DuplicatesDropped} repeats dropped");
    }

    [SkippableFact]
    public async Task The_whole_ATRA_import_stores_the_events_of_the_golden_digest()
    {
        var root = ImportFiles.Fixtures();
        await _h.ImportAsync(Path.Combine(root, "atra", "knowledge"), Path.Combine(root, "atra", "learning_programs"), ImportFiles.Seed());

        // One line per stream: its event count and the SHA-256 of its stored types and payloads in version order. A
        // digest, not the text: the fixtures' words stay out of the repository, and any changed byte still shows.
        var lines = new List<string>();
        foreach (var expert in (await _h.Store.ListAsync(ImportHarness.Team, CancellationToken.None)).Select(e => new StreamId(ImportHarness.Team, e.State.Slug)).OrderBy(s => s.Expert, StringComparer.Ordinal))
        {
            var text = new StringBuilder();
            var count = 0;
            await foreach (var e in _h.Store.ReadStreamAsync(expert, null, CancellationToken.None))
            {
                text.Append(e.Version).Append(' ').Append(e.Type).Append(' ').Append(EventTypes.Serialize(e.Event)).Append('\n');
                count++;
            }
            lines.Add($"{expert.Expert} {count} {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))}");
        }

        Assert.Equal(22, lines.Count);
        Golden.Check("atra-import.digest.txt", string.Join('\n', lines) + "\n");
    }

    [SkippableFact]
    public async Task Items_per_section_match_the_counts_made_by_hand()
    {
        var knowledge = Path.Combine(ImportFiles.Fixtures(), "atra", "knowledge");
        var expected = ExpectedCounts();
        Assert.True(expected.Count >= 4);
        var report = await _h.ImportAsync(expected.Keys.Select(f => Path.Combine(knowledge, f)).ToArray());

        foreach (var file in report.Files)
        {
            var want = expected[Path.GetFileName(file.Path)];
            var got = new SortedDictionary<string, int>(file.Items.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal)
            {
                ["claims"] = file.ClaimsRecorded,
            };
            Assert.True(want.SequenceEqual(got), $"{Path.GetFileName(file.Path)}: expected {string.Join(" ", want)}, got {string.Join(" ", got)}");
        }
    }

    [SkippableFact]
    public async Task The_seed_imports_repaired_with_each_of_its_four_books_once()
    {
        var report = await _h.ImportAsync(ImportFiles.Seed());

        var file = report.Files.Single();
        Assert.True(file.Ok, file.Error);
        Assert.Contains("Mac Roman", file.Repair, StringComparison.Ordinal);
        Assert.Equal(("igor", "Игорь", "Backend Developer"), (file.Slug, file.Name, file.Role));
        var books = (await _h.ExpertAsync("igor")).State.Active(SectionKind.Book).ToList();
        Assert.Equal(4, books.Count);
        Assert.Equal(4, books.Select(b => b.Text).Distinct().Count());
        Assert.Contains(books, b => b.Text == "Fluent Python" && b.Field(ItemFields.Author) == "Luciano Ramalho");
        Assert.Equal(4, file.Items["book"]);
        Assert.True(file.DuplicatesDropped >= 70);
    }

    [SkippableFact]
    public async Task The_seed_after_the_original_confirms_instead_of_adding()
    {
        await _h.ImportAsync(Path.Combine(ImportFiles.Fixtures(), "atra", "knowledge", "igor_knowledge.md"));
        var before = (await _h.ExpertAsync("igor")).State.Items.Count;
        var report = await _h.ImportAsync(ImportFiles.Seed());

        var file = report.Files.Single();
        Assert.Equal(("igor", "name and role"), (file.Slug, file.MatchedBy));
        Assert.Equal(0, file.ItemCount);
        Assert.Equal(before, file.Confirmed);
        Assert.Equal(before, (await _h.ExpertAsync("igor")).State.Items.Count);
    }

    [SkippableFact]
    public async Task Two_experts_with_one_display_name_stay_two()
    {
        var knowledge = Path.Combine(ImportFiles.Fixtures(), "atra", "knowledge");
        await _h.ImportAsync(Path.Combine(knowledge, "elena_knowledge.md"), Path.Combine(knowledge, "yuliya_knowledge.md"));

        var elena = (await _h.ExpertAsync("elena")).State;
        var yuliya = (await _h.ExpertAsync("yuliya")).State;
        Assert.Equal(("Елена", "Monitor"), (elena.DisplayName, elena.Role));
        Assert.Equal(("Елена", "Legal Counsel"), (yuliya.DisplayName, yuliya.Role));
        Assert.DoesNotContain(yuliya.Items.Keys, elena.Items.ContainsKey);
    }

    [SkippableFact]
    public async Task Claimed_numbers_are_kept_apart_as_a_baseline()
    {
        var knowledge = Path.Combine(ImportFiles.Fixtures(), "atra", "knowledge");
        await _h.ImportAsync(Path.Combine(knowledge, "viktoriya_knowledge.md"));

        var state = (await _h.ExpertAsync("viktoriya")).State;
        Assert.Contains(state.Claims, c => c.Label == "Всего задач выполнено" && c.Value == "200+" && c.Source == "import:viktoriya_knowledge.md");
        Assert.Contains(state.Claims, c => c.Label == "Команда под руководством");
        Assert.Contains(state.Claims, c => c.Value.Contains("195%", StringComparison.Ordinal));
        Assert.Empty(state.Tasks);
    }

    /// <summary>tests/KnowledgeOs.Tests/Import/Data/fixture-counts.txt, counted by hand (see its comments).</summary>
    private static Dictionary<string, SortedDictionary<string, int>> ExpectedCounts()
    {
        var path = Path.Combine(Repo.Root, "tests", "KnowledgeOs.Tests", "Import", "Data", "fixture-counts.txt");
        var result = new Dictionary<string, SortedDictionary<string, int>>();
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var parts = Regex.Split(line.Trim(), @"\s+");
            result[parts[0]] = new SortedDictionary<string, int>(
                parts.Skip(1).Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)),
                StringComparer.Ordinal);
        }
        return result;
    }
}
