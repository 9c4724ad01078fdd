using System.Diagnostics;
using System.Globalization;
using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Postgres;
using KnowledgeOs.Storage;
using Npgsql;

namespace KnowledgeOs.Bench;

/// <summary>
/// Task reports learned per second and their latency on PostgreSQL through one and through two store instances
/// (what one and two stateless servers hold), beside the ceiling of the same server in the same run: plain Npgsql
/// single-row INSERT transactions per second with the same number of concurrent clients and
/// <c>synchronous_commit=on</c>.
/// </summary>
public sealed class PostgresBench : IBench
{
    /// <inheritdoc/>
    public string Name => "postgres";

    /// <inheritdoc/>
    public string Description => "PostgreSQL: reports/s and p99 through 1 and 2 store instances beside plain Npgsql insert tx/s [--connection CS] [--seconds N] [--writers N] [--experts N (22, the ATRA team)] [--rows ceiling,appends,reports1,reports2]";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var connection = Measure.Text(args, "--connection", Environment.GetEnvironmentVariable("KOS_CONNECTION") ?? Environment.GetEnvironmentVariable("KOS_TEST_POSTGRES"));
        if (string.IsNullOrWhiteSpace(connection))
        {
            Console.Error.WriteLine("postgres: give --connection \"Host=…;Database=…\" (or set KOS_CONNECTION); `source .ci/postgres.sh` starts a throwaway server.");
            return 2;
        }
        var seconds = Measure.Int(args, "--seconds", 10);
        var writers = Measure.Int(args, "--writers", 16);
        var experts = Measure.Int(args, "--experts", 22);
        // bench/http-postgres.sh asks for the ceiling row alone, to print it beside its HTTP rows from the same run.
        var rows = Measure.Text(args, "--rows", "ceiling,appends,reports1,reports2")!.Split(',', StringSplitOptions.TrimEntries);
        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine($"server: {await ServerVersionAsync(connection, ct)}, {PostgresEventStore.Describe(connection)}; {seconds} s per row, {writers} concurrent clients, {experts} experts");
        Console.WriteLine();
        Console.WriteLine("| what | instances | clients | operations | per second | p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        if (rows.Contains("ceiling")) Console.WriteLine(await InsertCeilingAsync(connection, writers, seconds, ct));
        if (rows.Contains("appends")) Console.WriteLine(await AppendsAsync(connection, writers, seconds, ct));
        if (rows.Contains("reports1")) Console.WriteLine(await ReportsAsync(connection, instances: 1, writers, experts, seconds, ct));
        if (rows.Contains("reports2")) Console.WriteLine(await ReportsAsync(connection, instances: 2, writers, experts, seconds, ct));
        Console.WriteLine($"load after: {Measure.Load()}");
        return 0;
    }

    /// <summary>The ceiling: each client inserts one ~300-byte row per transaction, autocommit, as fast as it can.</summary>
    private static async Task<string> InsertCeilingAsync(string connection, int clients, int seconds, CancellationToken ct)
    {
        var schema = "kos_bench_" + Guid.NewGuid().ToString("N")[..8];
        var builder = new NpgsqlConnectionStringBuilder(connection) { SearchPath = schema, MaxPoolSize = clients + 2, Options = "-c synchronous_commit=on" };
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
        await ExecuteAsync(source, $"CREATE SCHEMA {schema}; CREATE TABLE {schema}.rows (id bigserial PRIMARY KEY, payload text NOT NULL)", ct);
        try
        {
            var payload = new string('x', 300);
            var (count, latencies, elapsed, _) = await RunForAsync(clients, seconds, async (client, n, token) =>
            {
                await using var db = await source.OpenConnectionAsync(token);
                await using var insert = new NpgsqlCommand("INSERT INTO rows (payload) VALUES (@p)", db);
                insert.Parameters.AddWithValue("p", payload);
                await insert.ExecuteNonQueryAsync(token);
            }, ct);
            return Row("plain Npgsql INSERT, 1 row per transaction (ceiling)", 1, clients, count, elapsed, latencies);
        }
        finally
        {
            await ExecuteAsync(source, $"DROP SCHEMA {schema} CASCADE", CancellationToken.None);
        }
    }

    /// <summary>The store alone: each client appends one decided KnowledgeRecorded to an expert of its own (no conflicts).</summary>
    private static async Task<string> AppendsAsync(string connection, int clients, int seconds, CancellationToken ct)
    {
        var schema = "kos_bench_" + Guid.NewGuid().ToString("N")[..8];
        var store = await PostgresEventStore.OpenAsync(connection, TimeProvider.System, new PostgresStoreOptions { Schema = schema }, ct);
        try
        {
            // Each client rotates over experts of its own: no conflicts, and no knowledge base grows so large that
            // the state snapshot (the whole state JSON, every 64 events) dominates the figure.
            const int perClient = 16;
            var streams = new (StreamId Stream, ExpertState State, long Version)[clients * perClient];
            var onboard = new List<StreamAppend>();
            for (var e = 0; e < streams.Length; e++)
            {
                var slug = $"w{e:0000}";
                var events = ExpertDecider.Onboard(null, new OnboardExpert(slug, "Writer", "Backend Developer", "BENCH"), "manual:bench", DateTimeOffset.UtcNow);
                var state = ExpertState.Fold(null, events)!;
                onboard.Add(new StreamAppend(new StreamId("bench", slug), 0, events, state));
                streams[e] = (new StreamId("bench", slug), state, events.Count);
            }
            await store.AppendAsync(new Commit("bench", onboard), ct);
            var (count, latencies, elapsed, _) = await RunForAsync(clients, seconds, async (client, n, token) =>
            {
                var index = client * perClient + (int)(n % perClient);
                var (stream, state, version) = streams[index];
                var events = ExpertDecider.Add(state, new AddKnowledge(Sections.SectionKind.Learned, $"Lesson {n}: keep transactions short"), $"task:{client}-{n}", DateTimeOffset.UtcNow);
                var next = ExpertState.Fold(state, events)!;
                await store.AppendAsync(new Commit("bench", [new StreamAppend(stream, version, events, next)]), token);
                streams[index] = (stream, next, version + events.Count);
            }, ct);
            return Row("store appends (one KnowledgeRecorded per commit, each client its own experts)", 1, clients, count, elapsed, latencies);
        }
        finally
        {
            await store.DisposeAsync();
            await using var source = NpgsqlDataSource.Create(connection);
            await ExecuteAsync(source, $"DROP SCHEMA IF EXISTS {schema} CASCADE", CancellationToken.None);
        }
    }

    /// <summary>Reports through <paramref name="instances"/> store instances sharing one schema, clients spread over them.</summary>
    private static async Task<string> ReportsAsync(string connection, int instances, int clients, int expertCount, int seconds, CancellationToken ct)
    {
        var schema = "kos_bench_" + Guid.NewGuid().ToString("N")[..8];
        var options = new PostgresStoreOptions { Schema = schema };
        var stores = new List<PostgresEventStore>();
        try
        {
            for (var i = 0; i < instances; i++) stores.Add(await PostgresEventStore.OpenAsync(connection, TimeProvider.System, options, ct));
            var services = stores.Select(s => new KnowledgeService(s, TimeProvider.System, maxConflictRetries: 20)).ToArray();
            var slugs = Enumerable.Range(0, expertCount).Select(i => $"e{i:000}").ToArray();
            foreach (var slug in slugs)
                await services[0].OnboardAsync("bench", new OnboardExpert(slug, "Expert " + slug, "Backend Developer", "BENCH"), "manual:bench", ct);
            var random = new ThreadLocal<Random>(() => new Random(Environment.CurrentManagedThreadId));
            var (count, latencies, elapsed, total) = await RunForAsync(clients, seconds, async (client, n, token) =>
            {
                var slug = slugs[random.Value!.Next(slugs.Length)];
                var report = new TaskReport($"B-{client}-{n}", $"Bench task {n}", "", DateTimeOffset.UtcNow, 30,
                    [new Participant(new ExpertRef(slug, null, null), Outcome.Success, 1, [], [],
                        [$"Lesson {n % 40}: keep transactions short under contention", $"Unique finding {client}-{n}"], [], [], [])],
                    ["backend"], false, ReportFormats.Native);
                var result = await services[client % instances].LearnAsync("bench", report, false, token);
                if (result.Duplicate) throw new InvalidOperationException("A fresh report came back as a duplicate.");
            }, ct);
            var events = await stores[0].ReadAllAsync(0, ct).CountAsync(ct);
            var tasks = (await stores[0].ListAsync("bench", ct)).Sum(s => s.State.Tasks.Count);
            if (tasks != total) throw new InvalidOperationException($"{total} reports were acknowledged but {tasks} are stored.");
            // Writes that lost a version check and decided again (to another instance, under the write lease: none expected).
            var retries = services.Sum(s => s.ConflictRetries);
            var what = $"reports learned (KnowledgeService.LearnAsync: load, decide, append; {events:N0} events; {retries:N0} conflict retries)";
            return Row(what, instances, clients, count, elapsed, latencies);
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
            await using var source = NpgsqlDataSource.Create(connection);
            await ExecuteAsync(source, $"DROP SCHEMA IF EXISTS {schema} CASCADE", CancellationToken.None);
        }
    }

    /// <summary>Runs <paramref name="clients"/> loops for a fixed time after a short warm-up; returns operations, sorted latencies and seconds.</summary>
    private static async Task<(long Count, double[] Latencies, double Seconds, long Total)> RunForAsync(int clients, int seconds,
        Func<int, long, CancellationToken, Task> operation, CancellationToken ct)
    {
        var warmUpUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 2;
        var stopAt = warmUpUntil + Stopwatch.Frequency * seconds;
        var perClient = new List<double>[clients];
        long total = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = perClient[c] = new List<double>(4096);
            for (long n = 0; ; n++)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (t0 >= stopAt) return;
                await operation(c, n, ct);
                Interlocked.Increment(ref total);
                var t1 = Stopwatch.GetTimestamp();
                if (t0 >= warmUpUntil) mine.Add(Measure.Ms(t0, t1));
            }
        }, ct)));
        var all = perClient.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return (all.Length, all, seconds, total);
    }

    private static string Row(string what, int instances, int clients, long count, double seconds, double[] latencies) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {instances} | {clients} | {count:N0} | {count / seconds:N0} | {Measure.Percentile(latencies, 50):0.00} | {Measure.Percentile(latencies, 99):0.00} |");

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql, CancellationToken ct)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string> ServerVersionAsync(string connection, CancellationToken ct)
    {
        await using var source = NpgsqlDataSource.Create(connection);
        await using var command = source.CreateCommand("SELECT 'PostgreSQL ' || current_setting('server_version') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', fsync=' || current_setting('fsync')");
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }
}
