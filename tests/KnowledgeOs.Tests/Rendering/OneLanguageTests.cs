using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Learning;
using KnowledgeOs.Programs;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Team;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Rendering;

/// <summary>
/// One language per document: every document of the 22 imported ATRA experts (knowledge bases, programs, the team
/// document, the weekly report and the daily digest), after a few reports were learned, is written in Russian with no
/// English word the data did not bring, and in English with no Cyrillic word the data did not bring. What the data
/// brought is read from the data itself: every string value of the imported states (profiles, items, fields, claims,
/// sources, tasks) and of the programs they follow (goals, entries, rules, books) is cut out of the document where
/// it is quoted, and what is left — the project's own words — must all be in the document's language. One task is
/// then revised (<c>kos learn --amend</c>), so an item is retracted with the reason the revision stores in English:
/// the history's status lines (<c>kos history</c>) must word it; so must a context pack and the routing's reasons
/// (what the MCP tools <c>context_pack</c> and <c>route_task</c> give).
/// </summary>
public sealed partial class OneLanguageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    // UTC is written as is in both languages (the Russian documents of the seed write it too).
    private static readonly string[] Universal = ["UTC"];

    [SkippableFact]
    public async Task Every_document_of_the_imported_atra_team_is_in_one_language()
    {
        Skip.If(Repo.Fixtures is null, Repo.FixturesAbsent);
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(Now);
        await using var store = await SqliteEventStore.OpenAsync(folder.File("kos.db"), time, default);
        await new ImportService(store, time).ImportAsync("atra", [Path.Combine(Repo.Fixtures!, "atra")]);
        var service = new KnowledgeService(store, time);
        foreach (var report in Reports()) await service.LearnAsync("atra", report, onboardUnknown: false, default);
        await service.LearnAsync("atra", Revision(), onboardUnknown: false, amend: true, default);
        var reports = new LearningReports(service, ProgramCatalog.Builtin, time);
        var retrieval = new RetrievalService(service);

        var states = await reports.StatesAsync("atra", null, default);
        // Not vacuous: the revision retracted an item with the English line our code stores.
        Assert.Contains(states.SelectMany(s => s.Items.Values), i => !i.IsActive && RevisionReason.FromStored(i.RetractReason) is not null);
        Assert.Equal(22, states.Count);
        Assert.Equal(RenderLanguage.Ru, TeamLanguage.Of(states));
        var programs = new List<ProgramProgress>();
        foreach (var s in states) programs.Add(await reports.ProgramAsync("atra", s.Slug, null, default));

        // The data, per expert (their state and their program) and for the whole team: the exact values a document may quote.
        var byExpert = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var p in programs)
        {
            var values = new List<string> { "atra" };
            Strings(JsonSerializer.SerializeToElement(p.State), values);
            Strings(JsonSerializer.SerializeToElement(p.Template), values);
            Strings(JsonSerializer.SerializeToElement(p.Claims), values);
            foreach (var i in p.Items) values.Add(i.Item.Rule.Text);
            foreach (var m in p.Materials ?? []) values.AddRange([m.Entry.Text, m.Entry.Rule.Text]);
            byExpert[p.State.Slug] = Prepared(values);
        }
        // The task's words are data too, as typed and as the routing matched them (lower case).
        var all = Prepared([.. byExpert.Values.SelectMany(v => v), .. RevisionTask.Split(' '), .. RevisionTask.ToLowerInvariant().Split(' ', ':')]);
        var routed = await retrieval.RouteAsync("atra", RevisionTask, null, 5, default);
        Assert.NotEmpty(routed);
        var overview = await reports.OverviewAsync("atra", null, default);
        var ranking = await reports.RankingAsync("atra", null, default);
        var digest = await reports.DigestAsync("atra", Now.AddDays(-2), Now, default);
        Assert.NotEmpty(digest.Experts);
        Assert.Contains(digest.Experts, e => e.LevelMarks.Count > 0 || e.Tasks.Count > 0);
        var failures = new List<string>();
        foreach (var language in new[] { RenderLanguage.Ru, RenderLanguage.En })
        {
            var documents = new List<(string Name, string Text, List<string> Data)>();
            foreach (var s in states) documents.Add(($"{s.Slug}_knowledge.md", MarkdownRenderer.Render(s, new RenderOptions(language)), byExpert[s.Slug]));
            foreach (var p in programs) documents.Add(($"{p.State.Slug}_program.md", ProgramRenderer.Render(p, language == RenderLanguage.En), byExpert[p.State.Slug]));
            documents.Add(("team.md", TeamDocument.Render(overview, language), all));
            documents.Add(("weekly.md", TeamDocument.Weekly(ranking, programs, language), all));
            documents.Add(("digest.md", digest.ToMarkdown(language), all));
            // kos history's status cells (every item, a retraction with its reason), the routing's reasons as kos route
            // and route_task word them, and a context pack (context_pack) in this language.
            var cli = CliLabels.For(language);
            foreach (var s in states)
                documents.Add(($"{s.Slug} history", string.Join('\n', HistoryView.Of(s).Select(r => cli.ItemStatus(r.Status, r.RetractReason))), byExpert[s.Slug]));
            documents.Add(("route", string.Join('\n', routed.Select(cli.RouteWhy)), all));
            var pack = await retrieval.ContextAsync("atra", new ContextPackRequest(RevisionTask, Language: language), null, default);
            documents.Add(("context pack", pack.Markdown, all));
            var foreign = language == RenderLanguage.Ru ? LatinWord() : CyrillicWord();
            foreach (var (name, text, data) in documents)
            {
                var lines = WithoutData(text, data).Split('\n');
                for (var n = 0; n < lines.Length; n++)
                {
                    var stray = Stray(lines[n], foreign);
                    if (stray.Count > 0) failures.Add($"{language} {name}:{n + 1}: [{string.Join(", ", stray)}] in «{lines[n]}»");
                }
            }
        }
        var words = failures.SelectMany(f => f[(f.IndexOf('[') + 1)..f.IndexOf(']')].Split(", ")).GroupBy(w => w).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}×{g.Count()}");
        Assert.True(failures.Count == 0, $"{failures.Count} lines carry words of the other language ({string.Join(" ", words)}):\n" + string.Join("\n", failures.DistinctBy(f => f[(f.IndexOf('[') + 1)..f.IndexOf(']')]).Take(40)));

        // The check is not vacuous: the English lines Russian documents used to carry are caught, and so are Russian ones in English.
        foreach (var old in new[] { "★☆☆☆☆ — no tasks yet", "1 tasks, 100% successful, 0 problems solved", "# 👥 Team knowledge: atra", "## ✅ Most confirmed practices" })
            Assert.True(Stray(WithoutData(old, all), LatinWord()).Count > 0, old);
        foreach (var old in new[] { "★☆☆☆☆ — задач пока нет", "# 👥 ЗНАНИЯ КОМАНДЫ: atra", "## ✅ САМЫЕ ПОДТВЕРЖДЁННЫЕ ПРАКТИКИ", "- новое (Книги и ресурсы): x" })
            Assert.True(Stray(WithoutData(old, all), CyrillicWord()).Count > 0, old);

        // The words of the catalog do show up where they should.
        var igor = states.Single(s => s.Slug == "igor");
        Assert.Contains("3 задачи", MarkdownRenderer.Render(igor, new RenderOptions(RenderLanguage.Ru)));
        Assert.Contains("3 tasks", MarkdownRenderer.Render(igor, new RenderOptions(RenderLanguage.En)));
        Assert.Contains("ЗНАНИЯ КОМАНДЫ", TeamDocument.Render(overview, RenderLanguage.Ru));
    }

    // Three tasks of igor (one with anastasiya), in the two days before now: they reach the digest and the level line.
    private static IEnumerable<TaskReport> Reports()
    {
        static Participant Part(string slug, Outcome outcome, string learned, string problem = "", string solution = "") => new(
            new ExpertRef(slug, null, null), outcome, 1, ["Проверка гипотезы тестом до исправления"], ["Раньше смотреть журналы"],
            [learned], problem.Length > 0 ? [new ProblemSolution(problem, solution)] : [], [], []);
        yield return new TaskReport("LANG-1", "Повторы платежей без дублей", "Ключи идемпотентности на входе", Now.AddHours(-30), 90,
            [Part("igor", Outcome.Success, "Ключ идемпотентности хранится вместе с ответом", "Дубли при повторе запроса", "Ключ идемпотентности на входе")],
            ["платежи"], false, ReportFormats.Native);
        yield return new TaskReport("LANG-2", "Очередь уведомлений", "Задержка уведомлений клиентам", Now.AddHours(-20), 60,
            [Part("igor", Outcome.Success, "Отдельная очередь для повторов"), Part("anastasiya", Outcome.Partial, "Сроки согласовывать с поддержкой")],
            ["очереди"], false, ReportFormats.Native);
        yield return new TaskReport("LANG-3", "Отчёт по возвратам", "Выгрузка возвратов за месяц", Now.AddHours(-10), 45,
            [Part("igor", Outcome.Failure, "Выгрузку строить по индексу даты")], ["отчёты"], false, ReportFormats.Native);
    }

    // The task the packs and routes are asked for: words of the revised task's own text.
    private const string RevisionTask = "Повторы платежей без дублей: ключи идемпотентности";

    // LANG-1 revised: it no longer states what it first taught, so that item is retracted, naming the revision.
    private static TaskReport Revision()
    {
        var first = Reports().First();
        var igor = first.Participants[0] with { NewKnowledge = ["Ключ идемпотентности живёт сутки"] };
        return first with { Participants = [igor] };
    }

    private static void Strings(JsonElement e, List<string> into)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: into.Add(e.GetString()!); break;
            case JsonValueKind.Array: foreach (var x in e.EnumerateArray()) Strings(x, into); break;
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    into.Add(p.Name.Contains(':', StringComparison.Ordinal) || p.Name.Contains('-', StringComparison.Ordinal) ? p.Name : ""); // keys that are data (item ids), not property names
                    Strings(p.Value, into);
                }
                break;
        }
    }

    private static List<string> Stray(string line, Regex foreign) =>
        foreign.Matches(line).Select(m => m.Value).Where(w => !Universal.Contains(w, StringComparer.Ordinal)).Distinct().ToList();

    // Data values as a document writes them (whitespace collapsed to single spaces), longest first, so a value inside
    // a longer one is not cut out of it first; values without a letter cannot hide a word and are left out.
    // A list value (authors "A, B, C") also counts part by part: a document may join its head to another value.
    private static List<string> Prepared(List<string> values) =>
        values.Concat(values.SelectMany(v => v.Split(", "))).Select(v => string.Join(' ', v.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Where(v => v.Any(char.IsLetter)).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length).ToList();

    // The document with every quoted data value cut out, and Markdown checkbox marks ([x]) blanked: what is left
    // is what the project itself wrote.
    private static string WithoutData(string text, List<string> data)
    {
        text = text.Replace("[x]", "[ ]", StringComparison.Ordinal);
        foreach (var v in data)
            if (text.Contains(v, StringComparison.Ordinal)) text = text.Replace(v, "\u2063", StringComparison.Ordinal);
        return text;
    }

    [GeneratedRegex("[A-Za-z]+")]
    private static partial Regex LatinWord();

    [GeneratedRegex("[А-Яа-яЁё]+")]
    private static partial Regex CyrillicWord();
}
