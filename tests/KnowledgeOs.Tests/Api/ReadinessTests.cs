using System.Net;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Npgsql;

namespace KnowledgeOs.Tests.Api;

/// <summary><c>/health/ready</c> fails when the store still answers reads but cannot take a write.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly TestPostgres _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();

    [Fact]
    public async Task Readiness_reads_the_log_head_and_never_counts_the_log()
    {
        LogReads? reads = null;
        var folder = new TempFolder();
        await using var server = await ApiServer.StartAsync(ApiServer.Options(folder.File("kos.db")), folder,
            ServerStoreDecorator.Wrap(inner => new LogReads(inner), made => reads = made));
        await server.Client.OnboardAsync("demo", "igor");
        var headsBefore = reads!.Heads;

        for (var i = 0; i < 3; i++)
            using (var ready = await server.Client.GetAsync("health/ready"))
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        Assert.True(reads.Counts == 0, $"the readiness probe read the whole log {reads.Counts} times");
        Assert.True(reads.Heads - headsBefore >= 3, $"the log's head was read {reads.Heads - headsBefore} times for 3 probes");
    }

    /// <summary>Counts head reads and whole-log reads.</summary>
    private sealed class LogReads(IEventStore inner) : ForwardingEventStore(inner), IEventStore
    {
        private int _counts;
        private int _heads;

        /// <summary>Reads of the log from its start: what counting the log costs, now that the contract has no count.</summary>
        public int Counts => _counts;

        public int Heads => _heads;

        public override Task<long> HeadPositionAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _heads);
            return base.HeadPositionAsync(ct);
        }

        // Re-implemented: the base forwards the read without a hook.
        IAsyncEnumerable<StoredEvent> IEventStore.ReadAllAsync(long afterPosition, CancellationToken ct)
        {
            if (afterPosition == 0) Interlocked.Increment(ref _counts);
            return ReadAllAsync(afterPosition, ct);
        }
    }

    [SkippableFact]
    public async Task Readiness_fails_with_503_when_PostgreSQL_turns_read_only_and_passes_again_when_it_can_write()
    {
        var admin = TestPostgres.Require();
        // A role of the server's own, so only its sessions become read-only (as on a standby or a full disk's refusal).
        var role = "kos_ro_" + Guid.NewGuid().ToString("N")[..10];
        await TestPostgres.ScalarAsync($"CREATE ROLE {role} LOGIN SUPERUSER");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(TestPostgres.WithSchema(_postgres.NewSchema())) { Username = role, Pooling = false }.ConnectionString;
            await using var server = await ApiServer.StartAsync(ApiServer.Options("unused.db") with { Store = StoreKind.Postgres, Connection = connection });
            using (var ready = await server.Client.GetAsync("health/ready"))
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

            // Unpooled, so each of the server's next sessions starts with the role's new setting.
            await TestPostgres.ScalarAsync($"ALTER ROLE {role} SET default_transaction_read_only = on");
            using (var readOnly = await server.Client.GetAsync("health/ready"))
            {
                var problem = await readOnly.ProblemAsync(503);
                Assert.Contains("database", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
            // Reads still work: only the readiness probe tells the balancer to send writes elsewhere.
            Assert.Equal(0, (await server.Client.GetJsonAsync("api/v1/teams/demo/experts")).GetProperty("items").GetArrayLength());

            await TestPostgres.ScalarAsync($"ALTER ROLE {role} RESET default_transaction_read_only");
            using var again = await server.Client.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        finally
        {
            await TestPostgres.ScalarAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '{role}'");
            await TestPostgres.ScalarAsync($"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }
}
