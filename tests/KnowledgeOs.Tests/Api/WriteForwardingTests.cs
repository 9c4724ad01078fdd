using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KnowledgeOs.Hosting;
using KnowledgeOs.Postgres;
using KnowledgeOs.Server;
using KnowledgeOs.Server.Hosting;
using KnowledgeOs.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// Two real servers (Kestrel on loopback) on one PostgreSQL schema with <c>--advertise-url</c>: a team write sent to the
/// server that does not hold the team's writer lease is forwarded to the one that does, which writes it under the lease
/// it holds (no hand-over) and whose answer the client gets; a forwarded request is never forwarded again; a holder that
/// cannot be reached leaves the write to the server the client asked; without the setting nothing is forwarded.
/// Each answer says which server made it (header <c>Test-Server</c>, set by each server before it handles a request).
/// </summary>
public sealed class WriteForwardingTests : IAsyncLifetime
{
    private readonly TestPostgres _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();

    [SkippableFact]
    public async Task A_report_sent_to_the_server_without_the_lease_is_written_once_by_the_holder_which_keeps_its_lease_and_answers()
    {
        await using var pair = await StartPairAsync();
        var (schema, a, b) = pair;
        await using var busy = await KeepWritingAsync(a, a.Client);
        var (grantsA, grantsB) = (Store(a).LeaseGrants, Store(b).LeaseGrants);
        var eventsBefore = await EventsOfAsync(schema, "T-1");

        using var answer = await b.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-1", 1)));

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal("a", Assert.Single(answer.Headers.GetValues("Test-Server")));
        Assert.Equal("/api/v1/teams/atra/reports/T-1", answer.Headers.Location?.OriginalString);
        var body = await answer.BodyAsync();
        Assert.Equal("T-1", body.GetProperty("taskId").GetString());
        Assert.Equal(body.GetProperty("events").GetInt32(), await EventsOfAsync(schema, "T-1") - eventsBefore);
        Assert.True(body.GetProperty("events").GetInt32() > 0);
        Assert.Equal(grantsB, Store(b).LeaseGrants);
        Assert.Equal(grantsA, Store(a).LeaseGrants);

        // The same report again through B: forwarded too, answered as a replay, nothing written twice.
        using var again = await b.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-1", 1)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("a", Assert.Single(again.Headers.GetValues("Test-Server")));
        Assert.Equal(body.GetProperty("events").GetInt32(), await EventsOfAsync(schema, "T-1") - eventsBefore);
    }

    [SkippableFact]
    public async Task A_forwarded_answer_carries_the_holders_header_lines_unchanged()
    {
        await using var pair = await StartPairAsync();
        var (schema, a, b) = pair;
        await using var busy = await KeepWritingAsync(a, a.Client);

        using var direct = await a.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-1", 1)));
        using var forwarded = await b.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-2", 2)));

        // As the client received them, line by line (not parsed again): only the answers' own date and address differ.
        Assert.Equal(HttpStatusCode.Created, forwarded.StatusCode);
        Assert.Equal("a", Assert.Single(forwarded.Headers.GetValues("Test-Server")));
        Assert.Equal(RawLines(direct), RawLines(forwarded));
        Assert.Contains("Content-Type: application/json; charset=utf-8", RawLines(forwarded));
    }

    /// <summary>An answer's header lines as received, without the date, the location and the length (chunked or not).</summary>
    private static List<string> RawLines(HttpResponseMessage answer) =>
        answer.Headers.NonValidated.Concat(answer.Content.Headers.NonValidated)
            .Where(h => h.Key is not ("Date" or "Location" or "Content-Length" or "Transfer-Encoding"))
            .SelectMany(h => h.Value.Select(v => $"{h.Key}: {v}"))
            .Order(StringComparer.Ordinal).ToList();

    [SkippableFact]
    public async Task A_server_asked_for_its_lease_sends_its_next_writes_to_the_new_holder_instead_of_asking_it_back()
    {
        await using var pair = await StartPairAsync();
        var (schema, a, b) = pair;

        // Eight writers through A, which holds the lease; then eight writes B must make itself (as forwarded ones are, or
        // any that reached it before A's grant was known): B asks A for the lease and gets it. A's writers must then go to
        // B, not ask for the lease back turn after turn (the hand-overs of two servers without forwarding).
        using var stop = new CancellationTokenSource();
        var sent = 0;
        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sent);
                using var answer = await a.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson($"W-{n}", n)), CancellationToken.None);
                Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
            }
        })).ToList();
        await WaitUntilAsync(() => Store(a).LeasesHeld == 1);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async n =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/teams/atra/reports") { Content = Http.Json(MultiNodeRun.ReportJson($"B-{n}", n)) };
            request.Headers.Add(WriteForwarding.Header, "1");
            using var answer = await b.Client.SendAsync(request);
            Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        }));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var settled = (Store(a).LeaseGrants, Store(b).LeaseGrants);
        var sentSettled = Volatile.Read(ref sent);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(Volatile.Read(ref sent) > sentSettled + 8, "A's writers stalled in the last 3 s");
        Assert.True(settled.Item2 >= 1, "B never took the lease");
        Assert.Equal(settled, (Store(a).LeaseGrants, Store(b).LeaseGrants));
    }

    [SkippableFact]
    public async Task A_forwarded_request_reaching_a_server_handing_its_lease_over_goes_on_to_the_new_holder()
    {
        // The hand-over window held open for a second: once asked, a grant goes when unused for LeaseGap (20 ms by
        // default, which a loaded CI machine missed in twenty tries of twenty) or at the end of its slice, made long here.
        await using var pair = await StartPairAsync(tune: o => o with
        {
            PostgresTuning = PostgresSettings.FromEnvironment() with { LeaseGap = TimeSpan.FromSeconds(1), LeaseSlice = TimeSpan.FromSeconds(30) },
        });
        var (schema, a, b) = pair;

        // A busy with eight writers (so it keeps the lease for a slice, at least 250 ms, once asked); then a write B
        // must make itself asks A for the lease, and while A hands it over a request forwarded to A arrives.
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                using var answer = await a.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson($"W-{w}-{n}", n)), CancellationToken.None);
                Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
            }
        })).ToList();
        await WaitUntilAsync(() => Store(a).LeasesHeld == 1);

        // The window: the holder's own writers stop joining its grant once it is asked, so it goes LeaseGap after the
        // last one. Up to twenty tries, each from whichever server holds the lease then (A's writers may take it back
        // between tries), each waiting at most 2 s for the holder to hear the ask. Written where it landed, as without
        // the second hop, the request is answered by the holder every time. What each try saw is in the message.
        var tries = new List<string>();
        var wentOn = false;
        for (var attempt = 0; attempt < 20 && !wentOn; attempt++)
        {
            await WaitUntilAsync(() => Store(a).LeasesHeld + Store(b).LeasesHeld == 1);
            var (holder, other) = Store(a).LeasesHeld == 1 ? (a, b) : (b, a);
            var asks = Store(holder).LeaseAsks;
            var asking = SendMarkedAsync(other, $"O-{attempt}");
            var waited = Stopwatch.StartNew();
            while (Store(holder).LeaseAsks == asks && waited.Elapsed < TimeSpan.FromSeconds(2)) await Task.Delay(1);
            using var answer = await SendMarkedAsync(holder, $"T-{attempt}");
            using var asked = await asking;
            Assert.True(asked.IsSuccessStatusCode, await asked.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            var answeredBy = Assert.Single(answer.Headers.GetValues("Test-Server"));
            var otherName = other == a ? "a" : "b";
            wentOn = answeredBy == otherName;
            tries.Add($"holder {(holder == a ? "a" : "b")}, asks {asks}->{Store(holder).LeaseAsks}, answered by {answeredBy}");
        }
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(wentOn, string.Join("; ", tries));
    }

    [SkippableFact]
    public async Task Writes_resuming_through_both_servers_after_an_idle_second_move_the_lease_at_most_once_and_each_is_stored_once()
    {
        await using var pair = await StartPairAsync();
        var (schema, a, b) = pair;
        using (var first = await a.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("FIRST", 0))))
            Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());

        // Three times: the team idle for more than LeaseIdle (1 s), then eight writers on each server start at once.
        // Before, the lease went after the idle second, both servers took the lease path and it changed hands 2-3 times.
        var changes = new List<long>();
        for (var round = 0; round < 3; round++)
        {
            await Task.Delay(PostgresStoreOptions.Default.LeaseIdle + TimeSpan.FromMilliseconds(600));
            var grants = Store(a).LeaseGrants + Store(b).LeaseGrants;
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
            {
                var client = (w % 2 == 0 ? a : b).Client;
                var events = 0;
                await go.Task;
                for (var n = 0; n < 4; n++)
                {
                    using var answer = await client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson($"R{round}W{w}N{n}X", n)));
                    Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
                    events += (await answer.BodyAsync()).GetProperty("events").GetInt32();
                }
                return events;
            })).ToList();
            go.SetResult();
            var acknowledged = (await Task.WhenAll(writers)).Sum();

            changes.Add(Store(a).LeaseGrants + Store(b).LeaseGrants - grants);
            Assert.True(acknowledged > 0);
            Assert.Equal((long)acknowledged, await EventsLikeAsync(schema, $"%R{round}W%"));
        }
        Assert.True(changes.All(c => c <= 1), $"lease grants per resumption: {string.Join(", ", changes)}");
    }

    [SkippableFact]
    public async Task A_kept_idle_lease_whose_connection_is_killed_is_dropped_and_the_other_server_takes_the_team()
    {
        await using var pair = await StartPairAsync();
        var (schema, a, b) = pair;
        await Task.Delay(PostgresStoreOptions.Default.LeaseIdle + TimeSpan.FromMilliseconds(600));
        Assert.Equal(1, Store(a).LeasesHeld);

        // A's lease connection dies while the lease is kept unused: nobody may forward to A any more, and A must notice.
        Assert.Equal(true, await TestPostgres.ScalarAsync("SELECT pg_terminate_backend(pid) FROM lease_holders", schema));
        using var written = await b.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-1", 1)));
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        Assert.Equal("b", Assert.Single(written.Headers.GetValues("Test-Server")));
        await WaitUntilAsync(() => Store(a).LeasesHeld == 0);

        using var viaA = await a.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-2", 2)));
        Assert.Equal(HttpStatusCode.Created, viaA.StatusCode);
        Assert.Equal("b", Assert.Single(viaA.Headers.GetValues("Test-Server")));
    }

    /// <summary>A report marked as forwarded once by another server.</summary>
    private static Task<HttpResponseMessage> SendMarkedAsync(ApiServer server, string taskId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/teams/atra/reports") { Content = Http.Json(MultiNodeRun.ReportJson(taskId, 1)) };
        request.Headers.Add(WriteForwarding.Header, "1");
        return server.Client.SendAsync(request);
    }

    [SkippableFact]
    public async Task A_forwarded_request_is_written_by_its_receiver_and_not_forwarded_again()
    {
        await using var pair = await StartPairAsync();
        var (schema, a, b) = pair;
        await using var busy = await KeepWritingAsync(a, a.Client);
        var grantsB = Store(b).LeaseGrants;

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/teams/atra/reports") { Content = Http.Json(MultiNodeRun.ReportJson("T-1", 1)) };
        request.Headers.Add(WriteForwarding.Header, "1");
        using var answer = await b.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal("b", Assert.Single(answer.Headers.GetValues("Test-Server")));
        Assert.Equal(grantsB + 1, Store(b).LeaseGrants);
    }

    [SkippableFact]
    public async Task A_write_whose_holder_cannot_be_reached_is_written_once_by_the_server_asked()
    {
        // A holds the lease but advertises an address where nothing listens: B's forward is refused.
        await using var pair = await StartPairAsync(advertisedByA: $"http://127.0.0.1:{FreePort()}");
        var (schema, a, b) = pair;
        await WaitUntilAsync(() => Store(a).LeasesHeld == 1);
        var grantsB = Store(b).LeaseGrants;
        var eventsBefore = await EventsOfAsync(schema, "T-1");

        using var answer = await b.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-1", 1)));

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal("b", Assert.Single(answer.Headers.GetValues("Test-Server")));
        Assert.Equal(grantsB + 1, Store(b).LeaseGrants);
        Assert.Equal((await answer.BodyAsync()).GetProperty("events").GetInt32(), await EventsOfAsync(schema, "T-1") - eventsBefore);
    }

    [SkippableFact]
    public async Task Without_advertise_url_a_write_is_made_by_the_server_asked_under_its_own_lease()
    {
        await using var pair = await StartPairAsync(advertise: false);
        var (schema, a, b) = pair;
        await using var busy = await KeepWritingAsync(a, a.Client);
        var grantsB = Store(b).LeaseGrants;

        using var answer = await b.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-1", 1)));

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal("b", Assert.Single(answer.Headers.GetValues("Test-Server")));
        Assert.True(Store(b).LeaseGrants > grantsB, "B wrote without its own lease");
        Assert.Equal(0L, await TestPostgres.ScalarAsync("SELECT count(*) FROM lease_holders", schema));
    }

    [SkippableFact]
    public async Task A_wrong_key_is_refused_by_the_server_asked_and_only_an_authenticated_write_is_forwarded()
    {
        // Not onboarded yet: the key must exist before the servers' first request (they cache that none does).
        await using var pair = await StartPairAsync(onboard: false);
        var (_, a, b) = pair;
        var secret = await WriterKeyAsync(a);
        using var keyedA = a.NewClient(secret);
        await keyedA.OnboardAsync("atra", "igor");
        await using var busy = await KeepWritingAsync(a, keyedA);

        // Refused where it was sent: a guess through B must count against the guesser's address at B, never against B's
        // address at the holder (which would throttle every write B forwards).
        using var guessing = b.NewClient(secret[..^4] + "AAAA");
        using var refused = await guessing.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-1", 1)));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("b", Assert.Single(refused.Headers.GetValues("Test-Server")));

        using var keyedB = b.NewClient(secret);
        using var written = await keyedB.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-2", 2)));
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        Assert.Equal("a", Assert.Single(written.Headers.GetValues("Test-Server")));
    }

    [SkippableFact]
    public async Task A_key_without_the_write_scope_is_refused_by_the_holder_it_was_forwarded_to_and_nothing_is_written()
    {
        await using var pair = await StartPairAsync(onboard: false);
        var (schema, a, b) = pair;
        var writer = await WriterKeyAsync(a);
        var reader = (await a.Keys.CreateAsync("atra", "reader", [ApiKeyScopes.Read], default)).Secret;
        using var keyedA = a.NewClient(writer);
        await keyedA.OnboardAsync("atra", "igor");
        await using var busy = await KeepWritingAsync(a, keyedA);

        // The server asked checks who the caller is, not what it may do: the holder refuses the scope (and writes nothing).
        using var readOnly = b.NewClient(reader);
        using var refused = await readOnly.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-1", 1)));
        await refused.ProblemAsync(403, "scope");
        Assert.Equal("a", Assert.Single(refused.Headers.GetValues("Test-Server")));
        Assert.Equal(0L, await EventsOfAsync(schema, "T-1"));
    }

    [SkippableFact]
    public async Task A_local_write_addressed_to_another_host_name_is_refused_through_the_forward_and_nothing_is_written()
    {
        await using var pair = await StartPairAsync();
        var (schema, a, b) = pair;
        await using var busy = await KeepWritingAsync(a, a.Client);

        // A page of a rebound DNS name reaching B without keys: the holder sees the Host the client sent, not B's.
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/teams/atra/reports") { Content = Http.Json(MultiNodeRun.ReportJson("T-1", 1)) };
        request.Headers.Host = "rebound.example";
        using var refused = await b.Client.SendAsync(request);

        await refused.ProblemAsync(403, "Host");
        Assert.Equal(0L, await EventsOfAsync(schema, "T-1"));
    }

    [SkippableFact]
    public async Task A_key_writing_to_another_teams_address_is_answered_404_by_the_server_asked_and_not_forwarded()
    {
        await using var pair = await StartPairAsync(onboard: false);
        var (schema, a, b) = pair;
        var writer = await WriterKeyAsync(a);
        var stranger = (await a.Keys.CreateAsync("other", "stranger", [ApiKeyScopes.Read, ApiKeyScopes.Write], default)).Secret;
        using var keyedA = a.NewClient(writer);
        await keyedA.OnboardAsync("atra", "igor");
        await using var busy = await KeepWritingAsync(a, keyedA);

        // A valid key goes to the holder of its own team only: another team's address is not even looked up.
        using var otherTeam = b.NewClient(stranger);
        using var refused = await otherTeam.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson("T-1", 1)));
        await refused.ProblemAsync(404);
        Assert.Equal("b", Assert.Single(refused.Headers.GetValues("Test-Server")));
        Assert.Equal(0L, await EventsOfAsync(schema, "T-1"));
    }

    [SkippableFact]
    public async Task A_key_over_its_rate_limit_writing_through_the_server_without_the_lease_gets_429_for_what_is_not_written()
    {
        await using var pair = await StartPairAsync(onboard: false, tune: o => o with { RateLimitPerSecond = 1, RateLimitBurst = 3 });
        var (schema, a, b) = pair;
        var secret = await WriterKeyAsync(a);
        using var keyedA = a.NewClient(secret);
        await keyedA.OnboardAsync("atra", "igor");

        // Twenty at once through B, with A holding the lease from the onboarding: at most 3 + a second's refill pass.
        using var keyedB = b.NewClient(secret);
        var answers = await Task.WhenAll(Enumerable.Range(1, 20).Select(async n =>
        {
            using var answer = await keyedB.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson($"R-{n}", n)));
            return (Task: $"R-{n}", answer.StatusCode);
        }));

        Assert.Contains(answers, x => x.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.All(answers, x => Assert.True(x.StatusCode is HttpStatusCode.Created or HttpStatusCode.TooManyRequests, $"{x.Task}: {x.StatusCode}"));
        foreach (var (task, status) in answers)
            Assert.Equal(status == HttpStatusCode.Created, await EventsOfAsync(schema, $"{task}\"") > 0);
    }

    /// <summary>Servers A and B on a new schema (A advertising <paramref name="advertisedByA"/> instead of its own address
    /// when given), the team's expert onboarded through A unless told not to.</summary>
    private async Task<Pair> StartPairAsync(bool advertise = true, string? advertisedByA = null, bool onboard = true,
        Func<KosServerOptions, KosServerOptions>? tune = null)
    {
        TestPostgres.Require();
        var schema = _postgres.NewSchema();
        var a = await StartAsync(schema, "a", advertise, advertisedByA, tune);
        var pair = new Pair(schema, a, await StartAsync(schema, "b", advertise, tune: tune));
        if (onboard) await OnboardAsync(a);
        return pair;
    }

    private sealed record Pair(string Schema, ApiServer A, ApiServer B) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await B.DisposeAsync();
            await A.DisposeAsync();
        }
    }

    private static PostgresEventStore Store(ApiServer server) => server.App.Services.GetRequiredService<PostgresEventStore>();

    /// <summary>A server on the schema, on a port of its own, advertising its address (or <paramref name="advertised"/>) when asked,
    /// with <paramref name="tune"/>'s limits.</summary>
    private static Task<ApiServer> StartAsync(string schema, string name, bool advertise, string? advertised = null,
        Func<KosServerOptions, KosServerOptions>? tune = null)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var options = (tune ?? (o => o))(ApiServer.Options("unused.db")) with
        {
            Store = StoreKind.Postgres,
            Connection = TestPostgres.WithSchema(schema),
            Urls = [url],
            AdvertiseUrl = advertise ? advertised ?? url : null,
        };
        return ApiServer.StartAsync(options, configure: builder => builder.Services.AddSingleton<IStartupFilter>(new Tag(name)));
    }

    private static async Task OnboardAsync(ApiServer server)
    {
        using var onboard = await server.Client.PostAsync("api/v1/teams/atra/experts", Http.Json(Http.Expert("igor")));
        Assert.True(onboard.IsSuccessStatusCode, await onboard.Content.ReadAsStringAsync());
    }

    /// <summary>A key of team atra that may read, write and administer it.</summary>
    private static async Task<string> WriterKeyAsync(ApiServer server) =>
        (await server.Keys.CreateAsync("atra", "writer", [ApiKeyScopes.Read, ApiKeyScopes.Write, ApiKeyScopes.Admin], default)).Secret;

    /// <summary>Reports through <paramref name="client"/> (of <paramref name="holder"/>) until disposed, returning once
    /// <paramref name="holder"/> holds the team's lease.</summary>
    private static async Task<AsyncWriter> KeepWritingAsync(ApiServer holder, HttpClient client)
    {
        var busy = KeepWriting(client);
        try
        {
            await WaitUntilAsync(() => Store(holder).LeasesHeld == 1);
            return busy;
        }
        catch
        {
            await busy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reports through <paramref name="client"/> every 50 ms until disposed, so it keeps the lease it holds
    /// (it lets an idle one go after a second, which a loaded machine could otherwise reach between two steps).</summary>
    private static AsyncWriter KeepWriting(HttpClient client)
    {
        var stop = new CancellationTokenSource();
        var run = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                using var answer = await client.PostAsync("api/v1/teams/atra/reports", Http.Json(MultiNodeRun.ReportJson($"K-{n}", n)), CancellationToken.None);
                Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
                await Task.Delay(50, CancellationToken.None);
            }
        });
        return new AsyncWriter(stop, run);
    }

    private sealed class AsyncWriter(CancellationTokenSource stop, Task run) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run;
            stop.Dispose();
        }
    }

    /// <summary>Events stored for task <paramref name="taskId"/>.</summary>
    private static Task<long> EventsOfAsync(string schema, string taskId) => EventsLikeAsync(schema, $"%{taskId}%");

    /// <summary>Events stored whose data matches the SQL pattern <paramref name="pattern"/>.</summary>
    private static async Task<long> EventsLikeAsync(string schema, string pattern) =>
        (long)(await TestPostgres.ScalarAsync($"SELECT count(*) FROM events WHERE data::text LIKE '{pattern}'", schema))!;

    private static async Task WaitUntilAsync(Func<bool> condition, int seconds = 10)
    {
        for (var i = 0; i < seconds * 20 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), $"not reached within {seconds} s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Marks every answer with the name of the server that handled the request.</summary>
    private sealed class Tag(string name) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Response.Headers["Test-Server"] = name;
                return following(context);
            });
            next(app);
        };
    }
}
