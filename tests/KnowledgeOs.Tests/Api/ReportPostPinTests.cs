using System.Text;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// What POST report answers and stores, pinned byte for byte (Golden/reports/bench-posts.txt): reports shaped as
/// <c>bench/post-report.lua</c> sends them (onboarding, a fact repeated every 20 tasks, the same practice every time) and
/// a few with problems, materials, a case and a replay, so a change for speed on the POST path cannot change an answer,
/// an event's stored JSON, the content hash a task is keyed by, or the state folded from them.
/// </summary>
public sealed class ReportPostPinTests
{
    private const string Reports = "api/v1/teams/bench/reports?onboard=true";

    [Fact]
    public async Task Bench_shaped_reports_answer_and_store_exactly_what_they_did()
    {
        var pinned = new StringBuilder();
        await using var server = await ApiServer.StartAsync();
        for (var n = 1; n <= 64; n++) await PostAsync(server.Client, Report(n), pinned);
        await PostAsync(server.Client, Report(7), pinned); // a replay: 200, nothing written
        foreach (var slug in new[] { "bench-0", "bench-1" })
        {
            using var md = await server.Client.GetAsync($"api/v1/teams/bench/experts/{slug}/knowledge.md");
            pinned.Append("GET ").Append(slug).Append(" knowledge.md ").Append((int)md.StatusCode).Append('\n')
                .Append(await md.Content.ReadAsStringAsync()).Append('\n');
        }
        await using (var db = new SqliteConnection($"Data Source={server.DataPath};Mode=ReadOnly;Pooling=False"))
        {
            await db.OpenAsync();
            await using var read = db.CreateCommand();
            read.CommandText = "SELECT position, stream, version, type, data FROM events ORDER BY position";
            await using (var rows = await read.ExecuteReaderAsync())
            {
                while (await rows.ReadAsync())
                    pinned.Append(rows.GetInt64(0)).Append(' ').Append(rows.GetString(1)).Append(' ').Append(rows.GetInt64(2)).Append(' ')
                        .Append(rows.GetString(3)).Append(' ').Append(rows.GetString(4)).Append('\n');
            }
            // The store's key per task and the report's content hash under it: a replay is known by them.
            read.CommandText = "SELECT team, key, request_hash, last_position, event_count FROM idempotency ORDER BY last_position";
            await using var keys = await read.ExecuteReaderAsync();
            while (await keys.ReadAsync())
                pinned.Append(keys.GetString(0)).Append(' ').Append(keys.GetString(1)).Append(' ').Append(keys.GetString(2)).Append(' ')
                    .Append(keys.GetInt64(3)).Append(' ').Append(keys.GetInt64(4)).Append('\n');
        }
        Golden.Check("reports/bench-posts.txt", pinned.ToString());
    }

    private static async Task PostAsync(HttpClient client, string report, StringBuilder pinned)
    {
        using var response = await client.PostAsync(Reports, Http.Json(report));
        pinned.Append("POST ").Append((int)response.StatusCode).Append(' ').Append(response.Headers.Location).Append('\n')
            .Append(await response.Content.ReadAsStringAsync()).Append('\n');
    }

    // As bench/post-report.lua, for two experts; every 8th report also brings a problem with its solution and a book, every
    // 16th is a case (its entry carries the description).
    private static string Report(int n)
    {
        var expert = $"bench-{n % 2}";
        var extra = n % 8 == 0
            ? $",\"problems\":[{{\"problem\":\"Flaky test {n % 3}\",\"solution\":\"Pin the clock\"}}],\"materials\":[\"Release It - Michael Nygard\"]"
            : "";
        var kase = n % 16 == 0 ? ",\"case\":true,\"description\":\"A case worth keeping\"" : "";
        return $"{{\"taskId\":\"T-{n}\",\"title\":\"Bench task {n}\",\"completedAt\":\"2026-03-03T17:40:00Z\",\"outcome\":\"success\"{kase}," +
            $"\"participants\":[{{\"expert\":\"{expert}\",\"errorsFixed\":1,\"newKnowledge\":[\"Bench fact {n % 20}\"],\"practicesApplied\":[\"Code review\"]{extra}}}]}}";
    }
}
