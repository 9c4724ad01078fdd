using System.Diagnostics;
using System.Globalization;
using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Postgres;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Retrieval.Cache;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using Npgsql;

namespace KnowledgeOs.Bench;

/// <summary>
/// Full-text search on each store: a team of short Russian and English items (words drawn Zipf-like from a
/// vocabulary of real-looking inflected word forms), written through the store's append (the index is inline),
/// then rebuilt, then 2–3 word AND queries taken from random items (so each query has at least one hit).
/// </summary>
public sealed class SearchBench : IBench
{
    private const string Team = "bench";

    /// <inheritdoc/>
    public string Name => "search";

    /// <inheritdoc/>
    public string Description => "Search: index build time and p50/p95/p99 of 2–3 word AND queries on SQLite and (with KOS_TEST_POSTGRES or --connection) PostgreSQL [--docs N] [--experts N] [--queries N] [--stores sqlite,postgres] [--ranked: through RankedSearch, as every reader searches (with --cache: RankedSearch over IndexedSearch, as kos serve); first ranked search time and the memory it keeps] [--zipf: one Zipf rank per lexeme, real stems spread through the ranks (realistic), instead of every inflected form of 49 stems at the head (worst case)] [--slowest N: the N slowest queries and which step answered each] [--schema NAME: PostgreSQL schema kept after the run; when it already holds the --docs items, they are only queried] [--no-rebuild: load, ANALYZE, query; no rebuild] [--keep PATH: SQLite, build the file at PATH once (same --docs/--experts/--zipf) and on later runs only query it] [--cache: query the in-memory read-side cache (IndexedSearch) instead of the store's index: its load time and memory, then the queries, then searches each right after one append (the catch-up)]";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var docs = Measure.Int(args, "--docs", 200_000);
        var experts = Measure.Int(args, "--experts", 1_000);
        var queries = Measure.Int(args, "--queries", 2_000);
        var stores = (Measure.Text(args, "--stores") ?? "sqlite,postgres").Split(',');
        // The store's index alone, or the search every reader gets: usefulness re-ranking and task hits over one read of the team.
        var ranked = args.Contains("--ranked");
        var connection = Measure.Text(args, "--connection", Environment.GetEnvironmentVariable("KOS_TEST_POSTGRES"));
        Console.WriteLine($"machine: {Measure.Machine()}");
        var zipf = args.Contains("--zipf");
        var slowest = Measure.Int(args, "--slowest", 0);
        var corpus = Corpus.Generate(docs, experts, seed: 42, zipf);
        Console.WriteLine($"corpus: {(zipf ? "--zipf (one rank per lexeme, real stems at ranks 20, 40, …)" : "worst case (every inflected form of the 49 real stems at the head)")}");
        Console.WriteLine($"docs: {docs:N0} items over {experts:N0} experts of one team, {corpus.AverageWords:0.0} words per item, vocabulary {corpus.Vocabulary:N0} word forms; {queries:N0} queries of 2–3 words, limit 20");
        var appends = corpus.Appends();
        var questions = corpus.Queries(queries + 200, seed: 7);
        Console.WriteLine();
        Console.WriteLine("| store | load (append, index inline) s | items/s | rebuild s | queries | p50 ms | p95 ms | p99 ms | max ms | avg hits |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        if (stores.Contains("sqlite"))
        {
            // --keep PATH: a 1,000,000-item file takes minutes to build; keep it and only query it on the next runs. The
            // file does not say which corpus built it: give the same --docs, --experts and --zipf (name it for them).
            var kept = Measure.Text(args, "--keep");
            var folder = Path.Combine(Path.GetTempPath(), "kos-search-bench-" + Guid.NewGuid().ToString("N"));
            var file = kept ?? Path.Combine(folder, "kos.db");
            var reuse = kept is not null && File.Exists(kept);
            try
            {
                await using var store = await SqliteEventStore.OpenAsync(file, TimeProvider.System, ct);
                Console.WriteLine(await RunAsync("SQLite FTS5 (bm25)" + (ranked ? ", ranked" : "") + (reuse ? ", kept file" : ""), store, ranked,
                    reuse ? [] : appends, questions, slowest, ct));
                Console.WriteLine($"|  | file {new FileInfo(file).Length / 1024.0 / 1024.0:0} MB{(kept is null ? "" : " " + kept)} | | | | | | | | |");
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        }
        if (stores.Contains("postgres") && !string.IsNullOrWhiteSpace(connection))
        {
            var kept = Measure.Text(args, "--schema");
            var schema = kept ?? "kos_bench_" + Guid.NewGuid().ToString("N")[..8];
            try
            {
                // At least --docs: each --cache run appends its catch-up items to the kept corpus.
                var held = kept is null ? 0 : await SearchBenchSchema.ItemsAsync(connection, schema, Team, ct);
                var loaded = held >= docs && docs > 0;
                if (loaded) Console.WriteLine($"schema {schema} already holds {held:N0} items (--docs {docs:N0}): only queried");
                await using var store = await PostgresEventStore.OpenAsync(connection, TimeProvider.System, new PostgresStoreOptions { Schema = schema }, ct);
                // --no-rebuild: the statistics a rebuild would leave, without its minutes at a million items.
                Func<CancellationToken, Task>? analyze = args.Contains("--no-rebuild") ? token => SearchBenchSchema.AnalyzeAsync(connection, schema, token) : null;
                Console.WriteLine(await RunAsync("PostgreSQL tsvector+GIN (ts_rank)" + (ranked ? ", ranked" : ""), store, ranked, loaded ? [] : appends, questions, slowest, ct, analyze));
            }
            finally
            {
                if (args.Contains("--keep") || kept is not null) Console.WriteLine($"kept schema {schema}");
                else await DropAsync(connection, schema);
            }
        }
        Console.WriteLine($"load after: {Measure.Load()}");
        return 0;
    }

    private static async Task DropAsync(string connection, string schema)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", db);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static async Task<string> RunAsync(string name, IEventStore store, bool ranked, IReadOnlyList<StreamAppend> appends, IReadOnlyList<string> questions, int slowest, CancellationToken ct,
        Func<CancellationToken, Task>? afterLoad = null)
    {
        var items = appends.Sum(a => a.NewState.Items.Count);
        // Load: one commit per expert, 4 at a time (the group commit batches what queues).
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(appends, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (append, token) => await store.AppendAsync(new Commit(Team, [append]), token));
        var load = Stopwatch.GetElapsedTime(started).TotalSeconds;
        started = Stopwatch.GetTimestamp();
        // Nothing appended (a kept database that already holds the corpus): nothing to rebuild either.
        if (appends.Count > 0) await (afterLoad ?? (token => ProjectionRebuilder.RebuildAsync(store, write: true, null, token)))(ct);
        var rebuild = Stopwatch.GetElapsedTime(started).TotalSeconds;

        ISearchIndex lexical = (ISearchIndex)store;
        IndexedSearch? cache = null;
        if (Environment.GetCommandLineArgs().Contains("--cache"))
        {
            cache = new IndexedSearch(lexical, store, (ISearchItemSource)store, new IndexedSearchOptions { LoadInline = true });
            lexical = cache;
            Console.WriteLine(await SearchBenchCache.LoadAsync(cache, Team, ct));
        }
        var index = ranked ? new RankedSearch(lexical, store) : lexical;
        // The first ranked search reads what RankedSearch keeps for the team: its time and the memory it holds.
        if (ranked) Console.WriteLine(await SearchBenchRanked.FirstSearchAsync(index, Team, questions[0], ct));
        var latencies = new List<double>(questions.Count);
        var answered = new List<(double Ms, string Query, string Step, int Hits)>();
        var collections = new List<(double Ms, int Generation)>();
        long hits = 0;
        for (var i = 0; i < questions.Count; i++)
        {
            var gc = SearchBenchCache.Collections();
            var begin = Stopwatch.GetTimestamp();
            var found = await index.SearchAsync(new SearchQuery(Team, questions[i]), ct);
            var ms = Measure.Ms(begin, Stopwatch.GetTimestamp());
            if (i < 200) continue; // warm-up: caches, JIT, prepared plans
            latencies.Add(ms);
            collections.Add((ms, SearchBenchCache.Deepest(gc)));
            hits += found.Count;
            answered.Add((ms, questions[i], Step(questions[i], found), found.Count));
        }
        latencies.Sort();
        if (cache is not null) Console.WriteLine(await SearchBenchCache.AfterAppendsAsync(store, index, Team, questions, ct));
        if (cache is not null) Console.WriteLine(SearchBenchCache.CollectionsLine(collections));
        foreach (var line in SearchBenchSchema.PerStep(answered.Select(a => (a.Step, a.Ms)))) Console.WriteLine(line);
        foreach (var (ms, query, step, count) in answered.OrderByDescending(a => a.Ms).Take(slowest))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"|  | slow: {ms:0.00} ms | \"{query}\" | {step} | {count} hits | | | | | |"));
        var s = CultureInfo.InvariantCulture;
        return string.Create(s, $"| {name} | {load:0.0} | {items / load:N0} | {rebuild:0.0} | {latencies.Count:N0} | {Measure.Percentile(latencies, 50):0.00} | {Measure.Percentile(latencies, 95):0.00} | {Measure.Percentile(latencies, 99):0.00} | {latencies[^1]:0.00} | {(double)hits / latencies.Count:0.0} |");
    }

    // Which step of the plan answered (docs/SEARCH.md): read from the page, the plain AND when every hit holds every word
    // as written, the "all" AND when every hit holds every word, "two+ words" when every hit holds two or more, else the
    // partial step (counting, then ranking).
    private static string Step(string query, IReadOnlyList<SearchHit> found)
    {
        var words = SearchTerms.Check(new SearchQuery(Team, query)).Groups.Count;
        if (found.Count == 20 && found.All(h => h.Matches!.Count == words && h.Matches.All(m => m.How is MatchKind.Stem or MatchKind.Lemma))) return "exact AND";
        if (found.Count == 20 && found.All(h => h.Matches!.Count == words)) return "all AND";
        // Every hit holds two words or more (PostgreSQL answers such a page from its pairs step, before counting any word).
        return found.Count == 20 && found.All(h => h.Matches!.Count >= 2) ? "two+ words" : "partial";
    }

    /// <summary>A generated team: item texts per expert, and the vocabulary they came from.</summary>
    private sealed class Corpus
    {
        private static readonly string[] RuStems =
        [
            "индекс", "транзакци", "ретра", "идемпотентност", "ключ", "запрос", "ответ", "очеред", "сообщени", "задержк", "таймаут", "шлюз",
            "платеж", "списани", "блокировк", "репликаци", "кэш", "схем", "миграци", "тест", "сборк", "релиз", "откат", "мониторинг", "метрик",
            "журнал", "событи", "поток", "снимок", "проекци", "версии", "конфликт", "повтор", "нагрузк", "производительност", "памят", "диск",
            "сет", "сервер", "клиент", "контейнер", "кластер", "узл", "балансировк", "маршрутизаци", "авторизаци", "токен", "секрет", "ключевик",
        ];

        private static readonly string[] RuEndings = ["", "а", "ы", "ов", "ам", "ами", "ах", "е", "у", "ом", "и", "ей", "ям", "ия", "ию"];

        private static readonly string[] EnWords =
        [
            "index", "transaction", "retry", "idempotency", "key", "request", "response", "queue", "message", "latency", "timeout", "gateway",
            "payment", "charge", "lock", "replication", "cache", "schema", "migration", "test", "build", "release", "rollback", "monitor",
            "metric", "log", "event", "stream", "snapshot", "projection", "version", "conflict", "load", "performance", "memory", "disk",
            "network", "server", "client", "container", "cluster", "node", "balance", "route", "auth", "token", "secret", "deploy", "query",
        ];

        private static readonly string[] EnEndings = ["", "s", "ing", "ed", "er", "ers"];

        private readonly List<(string Expert, List<string> Texts)> _experts = [];
        private readonly string[] _ru;
        private readonly string[] _en;

        private Corpus(string[] ru, string[] en, bool zipf)
        {
            _ru = ru;
            _en = en;
            _zipf = zipf;
        }

        private readonly bool _zipf;

        public double AverageWords { get; private set; }

        public int Vocabulary => _ru.Length + _en.Length;

        public static Corpus Generate(int docs, int experts, int seed, bool zipf)
        {
            var random = new Random(seed);
            // Real stems with inflections, then a long tail of made-up words (names, jargon) so the vocabulary is large.
            var ru = RuStems.SelectMany(s => RuEndings.Select(e => s + e)).Concat(Enumerable.Range(0, 15_000).Select(_ => Word(random, "бвгдзклмнпрстфхц", "аеиоуыя"))).Distinct().ToArray();
            var en = EnWords.SelectMany(w => EnEndings.Select(e => w + e)).Concat(Enumerable.Range(0, 15_000).Select(_ => Word(random, "bcdfghklmnprstvz", "aeiou"))).Distinct().ToArray();
            if (zipf)
            {
                // One rank per lexeme: the made-up words, with each real stem (its ending drawn when written) at every 20th rank.
                ru = Spread(RuStems.Select(s => s + "|"), ru.Skip(RuStems.Length * RuEndings.Length));
                en = Spread(EnWords.Select(w => w + "|"), en.Skip(EnWords.Length * EnEndings.Length));
            }
            var corpus = new Corpus(ru, en, zipf);
            long words = 0;
            for (var e = 0; e < experts; e++)
            {
                var texts = new List<string>();
                var count = docs / experts + (e < docs % experts ? 1 : 0);
                for (var d = 0; d < count; d++)
                {
                    var text = corpus.Text(random, e * 1_000_000 + d);
                    words += text.Count(c => c == ' ') + 1;
                    texts.Add(text);
                }
                corpus._experts.Add(("e" + e.ToString("D5", CultureInfo.InvariantCulture), texts));
            }
            corpus.AverageWords = (double)words / docs;
            return corpus;
        }

        public List<StreamAppend> Appends()
        {
            var at = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
            var list = new List<StreamAppend>(_experts.Count);
            foreach (var (slug, texts) in _experts)
            {
                var events = new List<KnowledgeEvent>(ExpertDecider.Onboard(null, new OnboardExpert(slug, slug, "Engineer", "BENCH"), "manual:bench", at));
                var state = ExpertState.Fold(null, events)!;
                foreach (var text in texts)
                {
                    var more = ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned, text), "manual:bench", at);
                    events.AddRange(more);
                    state = ExpertState.Fold(state, more)!;
                }
                list.Add(new StreamAppend(new StreamId(Team, slug), ExpectedVersion.NoStream, events, state));
            }
            return list;
        }

        /// <summary>Queries of 2–3 distinct words of one random item, so every query has a hit.</summary>
        public List<string> Queries(int count, int seed)
        {
            var random = new Random(seed);
            var list = new List<string>(count);
            while (list.Count < count)
            {
                var texts = _experts[random.Next(_experts.Count)].Texts;
                var words = texts[random.Next(texts.Count)].Split(' ').Where(w => !char.IsAsciiDigit(w[0])).Distinct().ToList();
                var take = Math.Min(words.Count, random.Next(2, 4));
                if (take < 2) continue;
                list.Add(string.Join(' ', words.OrderBy(_ => random.Next()).Take(take)));
            }
            return list;
        }

        private string Text(Random random, int unique)
        {
            var russian = random.Next(2) == 0;
            var vocabulary = russian ? _ru : _en;
            var length = random.Next(5, 13);
            var text = new StringBuilder();
            for (var i = 0; i < length; i++)
            {
                if (i > 0) text.Append(' ');
                var word = vocabulary[Zipf(random, vocabulary.Length, _zipf ? 2.7 : 50)];
                if (word.EndsWith('|')) word = word[..^1] + (russian ? RuEndings : EnEndings)[random.Next((russian ? RuEndings : EnEndings).Length)];
                text.Append(word);
            }
            // Two items with the same words would be one item (same identity); a number keeps each distinct.
            text.Append(' ').Append(unique.ToString(CultureInfo.InvariantCulture));
            return text.ToString();
        }

        // P(rank r) ~ 1/(r + 50) (Zipf–Mandelbrot): a few words are in many items, most in few, and no word is in
        // nearly every item (stop words are dropped before indexing, so the head of real text is flatter than 1/r).
        private static int Zipf(Random random, int n, double k)
        {
            var u = random.NextDouble();
            return Math.Clamp((int)Math.Floor(Math.Exp(u * Math.Log(n + k) + (1 - u) * Math.Log(k)) - k), 0, n - 1);
        }

        // The real lexemes at ranks 20, 40, … among the made-up ones.
        private static string[] Spread(IEnumerable<string> real, IEnumerable<string> made)
        {
            var list = made.ToList();
            var i = 20;
            foreach (var lexeme in real)
            {
                list.Insert(Math.Min(i, list.Count), lexeme);
                i += 20;
            }
            return [.. list];
        }

        private static string Word(Random random, string consonants, string vowels)
        {
            var word = new StringBuilder();
            for (var i = random.Next(2, 5); i > 0; i--) word.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
            return word.ToString();
        }
    }
}
