using System.Diagnostics;
using System.Net;
using KnowledgeOs.Tests.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// A real <c>kos serve</c> on PostgreSQL whose write finds the expert's lease held by another session for longer than
/// <c>LeaseWait</c> (10 s by default) answers 503 with <c>Retry-After</c>, not 500: the client may simply send again.
/// </summary>
public sealed class LeaseWaitOverHttpTests : IAsyncLifetime
{
    private readonly TestPostgres _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();

    [SkippableFact]
    public async Task A_report_that_waits_out_its_lease_is_answered_503_with_retry_after_and_goes_through_once_the_lock_is_free()
    {
        TestPostgres.Require();
        var schema = _postgres.NewSchema();
        await using var server = await ServeProcess.StartAsync("--store", "postgres", "--connection", TestPostgres.WithSchema(schema), "--team", "atra");
        using (var onboard = await server.Client.PostAsync("api/v1/teams/atra/experts", Http.Json(Http.Expert("igor"))))
            Assert.True(onboard.IsSuccessStatusCode, await onboard.Content.ReadAsStringAsync());
        var (classId, objId) = await PostgresLeaseWaitTests.LeaseKeyAsync(schema, "atra");

        await using (var stuck = await PostgresLeaseWaitTests.TakeAsync(classId, objId))
        {
            var waited = Stopwatch.StartNew();
            using var refused = await server.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-1", 1)));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(waited.Elapsed >= TimeSpan.FromSeconds(9), $"answered after {waited.Elapsed.TotalSeconds:0.0} s");
            Assert.NotNull(refused.Headers.RetryAfter?.Delta);
            Assert.Contains("lease-waited-out", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The stuck session is gone (its lock with it): the same report goes through.
        using var accepted = await server.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-1", 1)));
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
    }
}
