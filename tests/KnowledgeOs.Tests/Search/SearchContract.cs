using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Search;

/// <summary>
/// What every store's search index must do. Both stores run these same assertions, so they find the same items
/// for the same query; a backend subclasses it and says how to make a store and how to age its database.
/// </summary>
public abstract class SearchContract : IAsyncLifetime
{
    private readonly List<IEventStore> _opened = [];

    /// <summary>The clock of every store and service in a test.</summary>
    protected FakeTimeProvider Clock { get; } = new(KnowledgeOs.Tests.Storage.Domain.Start);

    /// <summary>A store over a new, empty database.</summary>
    protected abstract Task<IEventStore> CreateStoreAsync(TimeProvider time);

    /// <summary>Another store over the database the last <see cref="CreateStoreAsync"/> made.</summary>
    protected abstract Task<IEventStore> OpenSameAsync(TimeProvider time);

    /// <summary>Turns the (closed) database into one from before search existed: no index, the search migration not applied.</summary>
    protected abstract Task RemoveSearchIndexAsync();

    /// <inheritdoc/>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened) await store.DisposeAsync();
    }

    private static CancellationToken Ct => CancellationToken.None;

    private async Task<(IEventStore Store, KnowledgeService Service)> NewAsync()
    {
        var store = await CreateStoreAsync(Clock);
        lock (_opened) _opened.Add(store);
        return (store, new KnowledgeService(store, Clock));
    }

    private async Task<IEventStore> SameAsync()
    {
        var store = await OpenSameAsync(Clock);
        lock (_opened) _opened.Add(store);
        return store;
    }

    /// <summary>The search index a test queries for a store: the store's own (a subclass may put a cache in front).</summary>
    protected virtual ISearchIndex IndexOf(IEventStore store) => (ISearchIndex)store;

    private Task<IReadOnlyList<SearchHit>> Search(IEventStore store, string team, string text, IReadOnlyList<string>? experts = null,
        IReadOnlyList<SectionKind>? sections = null, bool retracted = false, bool prefix = false, int limit = 20, int offset = 0) =>
        IndexOf(store).SearchAsync(new SearchQuery(team, text, experts, sections, retracted, prefix, limit, offset), Ct);

    private async Task<List<string>> Texts(IEventStore store, string team, string text, IReadOnlyList<string>? experts = null,
        IReadOnlyList<SectionKind>? sections = null, bool retracted = false, bool prefix = false) =>
        [.. (await Search(store, team, text, experts, sections, retracted, prefix)).Select(h => h.Text).Order(StringComparer.Ordinal)];

    // The hits whose every word matched as itself or a form of it (no translation, no transliteration).
    private async Task<List<string>> Stemmed(IEventStore store, string team, string text, IReadOnlyList<string>? experts = null,
        IReadOnlyList<SectionKind>? sections = null) =>
        [.. (await Search(store, team, text, experts, sections)).Where(h => h.Matches!.All(m => m.How == MatchKind.Stem)).Select(h => h.Text).Order(StringComparer.Ordinal)];

    /// <summary>Two experts of team "atra" with Russian and English items, one expert of team "other".</summary>
    private static async Task SeedAsync(KnowledgeService service)
    {
        await service.OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", Ct);
        await service.OnboardAsync("atra", new OnboardExpert("anna", "Анна", "QA Engineer", "ATRA"), "manual:test", Ct);
        await service.OnboardAsync("other", new OnboardExpert("igor", "Igor", "Backend Developer", "X"), "manual:test", Ct);
        await Add(service, "atra", "igor", SectionKind.Learned, "Ретраи без ключа идемпотентности дают двойные списания");
        await Add(service, "atra", "igor", SectionKind.Learned, "Retries must carry an idempotency key");
        await Add(service, "atra", "igor", SectionKind.Known, "Индексы ускоряют выборки, но замедляют запись");
        await Add(service, "atra", "anna", SectionKind.Learned, "Ретраи в тестах скрывают гонки");
        await Add(service, "atra", "anna", SectionKind.Problem, "Флаки-тесты в CI", (ItemFields.Solution, "Изолировать базу данных на каждый тест"));
        await Add(service, "atra", "anna", SectionKind.BestPractice, "Outbox pattern",
            (ItemFields.Description, "Publish events in the same transaction as the state"), (ItemFields.Origin, "microservices.io"));
        await Add(service, "other", "igor", SectionKind.Learned, "Ретраи с экспоненциальной задержкой");
    }

    private static Task Add(KnowledgeService service, string team, string slug, SectionKind section, string text, params (string Key, string Value)[] fields) =>
        service.AddAsync(team, slug, new AddKnowledge(section, text, fields.ToDictionary(f => f.Key, f => f.Value)), "task:T-1", Ct);

    [SkippableFact]
    public async Task Russian_word_forms_find_each_other()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);

        Assert.Equal(["Ретраи без ключа идемпотентности дают двойные списания", "Ретраи в тестах скрывают гонки"],
            await Stemmed(store, "atra", "ретраев"));
        Assert.Equal(["Индексы ускоряют выборки, но замедляют запись"], await Texts(store, "atra", "индекс"));
    }

    [SkippableFact]
    public async Task English_word_forms_find_each_other()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);

        Assert.Equal(["Retries must carry an idempotency key"], await Stemmed(store, "atra", "retrying"));
        Assert.Equal(["Outbox pattern"], await Texts(store, "atra", "publishing events"));
    }

    [SkippableFact]
    public async Task Items_with_every_word_rank_before_items_with_some()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);

        var hits = await Search(store, "atra", "ретраи идемпотентность");
        // Both languages say it: the Russian item by its words, the English one by the glossary.
        Assert.Equal(["Retries must carry an idempotency key", "Ретраи без ключа идемпотентности дают двойные списания"],
            hits.Take(2).Select(h => h.Text).Order(StringComparer.Ordinal));
        Assert.All(hits.Take(2), h => Assert.Equal(2, h.Matches!.Count));
        Assert.Equal("Ретраи в тестах скрывают гонки", hits[2].Text);
        Assert.Single(hits[2].Matches!);
        // No item has both words: those with one of them still come back, best first.
        var partial = await Search(store, "atra", "ретраи outbox");
        Assert.Contains(partial, h => h.Text == "Outbox pattern");
        Assert.All(partial, h => Assert.Single(h.Matches!));
    }

    [SkippableFact]
    public async Task A_sentence_long_query_finds_the_item_sharing_its_key_words()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);

        var hits = await Search(store, "atra", "почему у нас при сетевых сбоях иногда случаются двойные списания у клиентов");

        Assert.Equal("Ретраи без ключа идемпотентности дают двойные списания", hits[0].Text);
        Assert.Equal(["двойные", "списания"], hits[0].Matches!.Select(m => m.Word));
    }

    [SkippableFact]
    public async Task A_query_finds_items_written_in_the_other_language_and_says_how()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        await Add(service, "atra", "igor", SectionKind.Learned, "Латентность p99 растёт при холодном кэше");
        await Add(service, "atra", "anna", SectionKind.Book, "Designing Data-Intensive Applications", (ItemFields.Author, "Martin Kleppmann"));

        var idempotency = Assert.Single(await Search(store, "atra", "idempotency"), h => h.Text.StartsWith("Ретраи", StringComparison.Ordinal));
        Assert.Equal(new TermMatch("idempotency", "идемпотентность", MatchKind.Glossary), Assert.Single(idempotency.Matches!));
        var latency = Assert.Single(await Search(store, "atra", "latency"));
        Assert.Equal(MatchKind.Glossary, Assert.Single(latency.Matches!).How);
        var kleppmann = Assert.Single(await Search(store, "atra", "Клеппмана"));
        Assert.Equal(("Designing Data-Intensive Applications", MatchKind.Transliteration), (kleppmann.Text, Assert.Single(kleppmann.Matches!).How));
        var retries = await Search(store, "atra", "повторы");
        Assert.Contains(retries, h => h.Text == "Retries must carry an idempotency key");
    }

    [SkippableFact]
    public async Task Fleeting_vowels_do_not_keep_word_forms_apart()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        await Add(service, "atra", "igor", SectionKind.Learned, "Уровень изоляции serializable ловит аномалии");

        Assert.Equal(["Уровень изоляции serializable ловит аномалии"], await Stemmed(store, "atra", "уровни изоляции"));
        Assert.Equal(["Индексы ускоряют выборки, но замедляют запись"], await Stemmed(store, "atra", "индекса"));
    }

    [SkippableFact]
    public async Task Solutions_and_descriptive_fields_are_searched()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);

        Assert.Equal(["Флаки-тесты в CI"], await Texts(store, "atra", "изолировать базу"));
        Assert.Equal(["Outbox pattern"], await Texts(store, "atra", "microservices"));
    }

    [SkippableFact]
    public async Task A_team_never_sees_another_teams_items()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);

        Assert.Equal(["Ретраи с экспоненциальной задержкой"], await Texts(store, "other", "ретраи"));
        Assert.Empty(await Texts(store, "atra", "экспоненциальной"));
        Assert.Empty(await Texts(store, "nobody", "ретраи"));
    }

    [SkippableFact]
    public async Task Expert_and_section_filters_narrow_the_hits()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);

        Assert.Equal(["Ретраи в тестах скрывают гонки"], await Texts(store, "atra", "ретраи", experts: ["anna"]));
        // Igor's two retry items (one Russian, one English) and Anna's.
        Assert.Equal(3, (await Texts(store, "atra", "ретраи", experts: ["anna", "igor"])).Count);
        Assert.Empty(await Texts(store, "atra", "ретраи", sections: [SectionKind.Known]));
        Assert.Equal(["Индексы ускоряют выборки, но замедляют запись"], await Texts(store, "atra", "индексы", sections: [SectionKind.Known, SectionKind.Problem]));
        var hit = Assert.Single(await Search(store, "atra", "флаки", experts: ["anna"], sections: [SectionKind.Problem]));
        Assert.Equal(("atra", "anna", SectionKind.Problem, ItemStatus.Active, 0), (hit.Team, hit.Expert, hit.Section, hit.Status, hit.Confirmations));
        Assert.True(hit.Score > 0);
    }

    [SkippableFact]
    public async Task Retracted_items_are_left_out_unless_asked_for()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        var item = Assert.Single(await Search(store, "atra", "гонки"));

        await service.RetractAsync("atra", "anna", item.ItemId, "не подтвердилось", "manual:test", Ct);

        Assert.Empty(await Search(store, "atra", "гонки"));
        var retracted = Assert.Single(await Search(store, "atra", "гонки", retracted: true));
        Assert.Equal(ItemStatus.Retracted, retracted.Status);
    }

    [SkippableFact]
    public async Task An_append_is_searchable_as_soon_as_it_is_acknowledged()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        var problem = Assert.Single(await Search(store, "atra", "флаки"));

        await Add(service, "atra", "igor", SectionKind.Learned, "Кэш прогревается при старте");
        Assert.Equal(["Кэш прогревается при старте"], await Texts(store, "atra", "кэша старта"));

        // A later solution of the same problem is a confirmation that adds words to the item.
        await service.AddAsync("atra", "anna", new AddKnowledge(SectionKind.Problem, "Флаки-тесты в CI",
            new Dictionary<string, string> { [ItemFields.Solution] = "Фиксировать seed генератора" }), "task:T-2", Ct);
        var hit = Assert.Single(await Search(store, "atra", "фиксировать seed"));
        Assert.Equal((problem.ItemId, 1), (hit.ItemId, hit.Confirmations));
        Assert.Equal(problem.ItemId, Assert.Single(await Search(store, "atra", "изолировать базу")).ItemId);
    }

    [SkippableFact]
    public async Task The_last_term_can_match_as_a_prefix()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);

        Assert.All(await Search(store, "atra", "ключ идемпот"), h => Assert.Single(h.Matches!));
        var prefixed = await Search(store, "atra", "ключ идемпот", prefix: true);
        Assert.Equal("Ретраи без ключа идемпотентности дают двойные списания", prefixed[0].Text);
        Assert.Equal(2, prefixed[0].Matches!.Count);
        var english = await Search(store, "atra", "idempotency k", prefix: true);
        Assert.Equal(("Retries must carry an idempotency key", 2), (english[0].Text, english[0].Matches!.Count));
    }

    [SkippableFact]
    public async Task Digits_and_other_scripts_are_searchable_as_whole_words()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        await Add(service, "atra", "igor", SectionKind.Learned, "Ошибка 40001 в 数据库 при сериализации");

        Assert.Equal(["Ошибка 40001 в 数据库 при сериализации"], await Texts(store, "atra", "40001"));
        Assert.Equal(["Ошибка 40001 в 数据库 при сериализации"], await Texts(store, "atra", "数据库 ошибки"));
    }

    [SkippableFact]
    public async Task Hits_come_best_first_and_page_with_limit_and_offset()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        await Add(service, "atra", "igor", SectionKind.Learned, "Ретраи, ретраи и ещё раз ретраи");

        var all = await Search(store, "atra", "ретраи");
        Assert.Equal(4, all.Count);
        Assert.Equal("Ретраи, ретраи и ещё раз ретраи", all[0].Text);
        // The Russian items by relevance, then the English one the glossary found (it says the word in another language).
        Assert.True(all[0].Score >= all[1].Score && all[1].Score >= all[2].Score);
        Assert.Equal(("Retries must carry an idempotency key", MatchKind.Glossary), (all[3].Text, Assert.Single(all[3].Matches!).How));
        var second = Assert.Single(await Search(store, "atra", "ретраи", limit: 1, offset: 1));
        Assert.Equal(all[1].ItemId, second.ItemId);
    }

    [SkippableFact]
    public async Task Filters_find_low_ranked_hits_behind_many_better_matches_of_other_experts()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        // 600 of Igor's items rank above Anna's one: short texts that say the word three times.
        await service.DecideAsync("atra", "igor", (state, at) =>
        {
            var events = new List<KnowledgeOs.Events.KnowledgeEvent>();
            for (var i = 0; i < 600; i++)
            {
                var more = ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned, $"Ретраи ретраи ретраи {i}"), "task:T-9", at);
                events.AddRange(more);
                state = ExpertState.Fold(state, more)!;
            }
            return events;
        }, Ct);

        Assert.Equal(["Ретраи в тестах скрывают гонки"], await Texts(store, "atra", "ретраи", experts: ["anna"]));
        Assert.Equal(602, (await Search(store, "atra", "ретраи", experts: ["igor"], limit: 1000)).Count);
        // Igor's 601 Russian items, Anna's and Igor's English one (found through the glossary).
        var all = await Search(store, "atra", "ретраи", limit: 1000);
        Assert.Equal(603, all.Count);
        Assert.Contains(all.TakeLast(3), h => h.Text == "Ретраи без ключа идемпотентности дают двойные списания");
        var tail = await Search(store, "atra", "ретраи", limit: 10, offset: 595);
        Assert.Equal(all.Skip(595).Take(10).Select(h => h.ItemId), tail.Select(h => h.ItemId));
        Assert.Empty(await Search(store, "atra", "ретраи", limit: 10, offset: 603));
        Assert.Empty(await Search(store, "atra", "ретраи", experts: ["nobody"]));
    }

    [SkippableFact]
    public async Task A_word_most_items_hold_makes_no_partial_match_on_its_own()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        // More items than SearchTerms.FrequentWord say «журнал»; one of them also says «гонки».
        // In commits of 1,000 items: one commit may not hold more (ReportLimits.MaxEventsPerCommit).
        for (var from = 0; from <= SearchTerms.FrequentWord; from += 1_000)
        {
            var first = from;
            await service.DecideAsync("atra", "igor", (state, at) =>
            {
                var events = new List<KnowledgeOs.Events.KnowledgeEvent>();
                for (var i = first; i <= Math.Min(first + 999, SearchTerms.FrequentWord); i++)
                {
                    var more = ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned, $"Журнал {i}"), "task:T-9", at);
                    events.AddRange(more);
                    state = ExpertState.Fold(state, more)!;
                }
                return events;
            }, Ct);
        }

        // No item says both words: the partial matches come through the rare word only, not 5,001 items of the frequent one.
        var hits = await Search(store, "atra", "журнал гонки", limit: 50);

        Assert.Equal(["Ретраи в тестах скрывают гонки"], hits.Select(h => h.Text));
        // Alone, a frequent word still finds its items.
        Assert.Equal(50, (await Search(store, "atra", "журнал", limit: 50)).Count);
    }

    [SkippableFact]
    public async Task An_item_matching_more_words_is_found_behind_many_better_scored_items_matching_one()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        // 300 short items say «кворум» three times (a high BM25 each); 2,000 others make «кворум» rare enough to count.
        await AddManyAsync(service, 2_000, i => $"Заполнитель {i}");
        await AddManyAsync(service, 300, i => $"Кворум кворум кворум {i}");
        // One long item says two of the three query words once each: it matches more words, so it must come first.
        var words = string.Join(' ', Enumerable.Range(0, 150).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await Add(service, "atra", "anna", SectionKind.Learned, $"Лампорт описал Паксос {words}");

        var hits = await Search(store, "atra", "Лампорт Паксос кворум");

        Assert.StartsWith("Лампорт описал Паксос", hits[0].Text, StringComparison.Ordinal);
        Assert.Equal(2, hits[0].Matches!.Count);
        Assert.Equal(20, hits.Count);
        Assert.All(hits.Skip(1), h => Assert.StartsWith("Кворум", h.Text, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Among_more_items_matching_as_many_words_than_a_page_reads_the_best_scored_come_first()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        await AddManyAsync(service, 2_000, i => $"Заполнитель {i}");
        // 600 long items say «кворум» once; between them, one short item says it three times: the best BM25 of all.
        var words = string.Join(' ', Enumerable.Range(0, 60).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await AddManyAsync(service, 300, i => $"Кворум {i} {words}");
        await Add(service, "atra", "anna", SectionKind.Learned, "Кворум кворум кворум");
        await AddManyAsync(service, 300, i => $"Кворум {i + 300} {words}");

        var hits = await Search(store, "atra", "Лампорт Паксос кворум");

        Assert.Equal("Кворум кворум кворум", hits[0].Text);
        Assert.Equal(20, hits.Count);
    }

    [SkippableFact]
    public async Task An_item_matching_more_words_is_found_behind_thousands_of_items_matching_one_through_synonyms()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        await AddManyAsync(service, 5_000, i => $"Заполнитель {i}");
        // ts_rank adds up the query's alternatives an item holds: a word and two glossary synonyms, each said three
        // times, score above two words said once (three letters each: no transliteration key).
        await AddManyAsync(service, 3_000, i => $"Повторы повторы повторы, ретраи ретраи ретраи, retries retries retries {i}");
        await Add(service, "atra", "anna", SectionKind.Learned, "Ямб и дюк");

        var hits = await Search(store, "atra", "ямб дюк повторы");

        Assert.Equal("Ямб и дюк", hits[0].Text);
        Assert.Equal(2, hits[0].Matches!.Count);
        Assert.Equal(20, hits.Count);
    }

    /// <summary>Igor's items (team "atra") from the given texts, in commits of at most 1,000 (ReportLimits.MaxEventsPerCommit).</summary>
    internal static async Task AddManyAsync(KnowledgeService service, int count, Func<int, string> text)
    {
        for (var from = 0; from < count; from += 1_000)
        {
            var first = from;
            await service.DecideAsync("atra", "igor", (state, at) =>
            {
                var events = new List<KnowledgeOs.Events.KnowledgeEvent>();
                for (var i = first; i < Math.Min(first + 1_000, count); i++)
                {
                    var more = ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned, text(i)), "task:T-9", at);
                    events.AddRange(more);
                    state = ExpertState.Fold(state, more)!;
                }
                return events;
            }, Ct);
        }
    }

    [SkippableFact]
    public async Task A_query_with_nothing_to_search_for_is_refused_naming_q()
    {
        var (store, _) = await NewAsync();

        var empty = await Assert.ThrowsAsync<InputException>(() => Search(store, "atra", "  "));
        var stop = await Assert.ThrowsAsync<InputException>(() => Search(store, "atra", "и в the, !!"));
        var limit = await Assert.ThrowsAsync<InputException>(() => Search(store, "atra", "ретраи", limit: 0));
        var team = await Assert.ThrowsAsync<InputException>(() => Search(store, "Not A Slug", "ретраи"));

        Assert.Equal(("q", "q", "limit", "team"), (empty.Field, stop.Field, limit.Field, team.Field));
        Assert.Contains("nothing to search for", stop.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_rebuild_gives_the_same_hits()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        var item = Assert.Single(await Search(store, "atra", "гонки"));
        await service.RetractAsync("atra", "anna", item.ItemId, "нет", "manual:test", Ct);
        var before = await Snapshot(store);

        var report = await ProjectionRebuilder.RebuildAsync(store, write: true, null, Ct);

        Assert.Empty(report.Mismatches);
        Assert.Equal(before, await Snapshot(store));
        Assert.Empty((await ProjectionRebuilder.RebuildAsync(store, write: false, null, Ct)).Mismatches);
    }

    [SkippableFact]
    public async Task Opening_a_database_from_before_search_fills_the_index_from_the_log()
    {
        var (store, service) = await NewAsync();
        await SeedAsync(service);
        await Add(service, "atra", "anna", SectionKind.Problem, "Флаки-тесты в CI", (ItemFields.Solution, "Фиксировать seed генератора"));
        var before = await Snapshot(store);
        await store.DisposeAsync();
        await RemoveSearchIndexAsync();

        var reopened = await SameAsync();

        Assert.Equal(before, await Snapshot(reopened));
        Assert.Single(await Search(reopened, "atra", "фиксировать seed"));
    }

    /// <summary>What a handful of queries find, on both teams, retracted included: a fingerprint of the index.</summary>
    private async Task<List<string>> Snapshot(IEventStore store)
    {
        var lines = new List<string>();
        foreach (var (team, q) in new[] { ("atra", "ретраи"), ("atra", "retry"), ("atra", "гонки"), ("atra", "изолировать"), ("atra", "outbox transaction"), ("other", "ретраи"), ("atra", "seed") })
        {
            foreach (var hit in await Search(store, team, q, retracted: true))
                lines.Add($"{team} {q}: {hit.Expert} {hit.Section.Code()} {hit.Status} {hit.Confirmations} {hit.Text}");
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
