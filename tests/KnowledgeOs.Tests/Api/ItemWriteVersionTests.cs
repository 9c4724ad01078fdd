using System.Net;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// Adding, confirming and retracting an item answer with the write's own version (issue #16, R6): a write by another
/// client that lands right after it must not lend the answer its ETag.
/// </summary>
public sealed class ItemWriteVersionTests
{
    private const string Igor = "api/v1/teams/demo/experts/igor";

    [Fact]
    public async Task Add_confirm_and_retract_answer_with_their_own_version_when_another_write_lands_right_after()
    {
        WriteBetween? between = null;
        var folder = new TempFolder();
        await using var server = await ApiServer.StartAsync(ApiServer.Options(folder.File("kos.db")), folder,
            ServerStoreDecorator.Wrap(inner => new WriteBetween(inner), made => between = made));
        await server.Client.LearnAsync("demo", new
        {
            taskId = "T-1", completedAt = "2026-03-03T17:40:00Z", outcome = "success",
            participants = new[] { new { expert = "igor", newKnowledge = new[] { "Alpha fact" } } },
        }, onboard: true);
        var alpha = (await server.Client.GetJsonAsync(Igor + "/items")).GetProperty("items")[0].GetProperty("id").GetString()!;
        between!.Armed = true;

        using var confirmed = await server.Client.PostAsync($"{Igor}/items/{alpha}/confirm", null);
        await AnsweredWithOwnVersionAsync(server, confirmed, HttpStatusCode.OK);
        using var retracted = await server.Client.PostAsync($"{Igor}/items/{alpha}/retract", Http.Json(new { reason = "superseded" }));
        await AnsweredWithOwnVersionAsync(server, retracted, HttpStatusCode.OK);
        using var added = await server.Client.PostAsync(Igor + "/sections/learned/items", Http.Json(new { text = "Beta fact" }));
        await AnsweredWithOwnVersionAsync(server, added, HttpStatusCode.Created);
        Assert.Equal(3, between.Written);
    }

    /// <summary>The answer names the version its write made: one before the expert's version now, which the write between made.</summary>
    private static async Task AnsweredWithOwnVersionAsync(ApiServer server, HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal(1, body.GetProperty("events").GetInt32());
        var now = (await server.Client.GetJsonAsync(Igor)).GetProperty("version").GetInt64();
        var own = now - 1;
        Assert.True(response.Headers.ETag?.Tag == $"\"{own}\"", $"ETag {response.Headers.ETag?.Tag} is not the write's own version {own} (the expert is at {now} after the write between)");
        Assert.Equal(own, body.GetProperty("version").GetInt64());
        Assert.DoesNotContain("Another client's note", body.GetProperty("item").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    /// <summary>While armed, right after each durable write to an expert, appends another item to it as another client would.</summary>
    private sealed class WriteBetween(IEventStore inner) : ForwardingEventStore(inner)
    {
        private int _written;

        public volatile bool Armed;

        public int Written => _written;

        protected override async Task<AppendResult> AppendedAsync(Commit commit, Task<AppendResult> durable, CancellationToken ct)
        {
            var result = await durable;
            if (!Armed || commit.Streams is not [var written]) return result;
            var version = written.ExpectedVersion + written.Events.Count;
            var n = Interlocked.Increment(ref _written);
            var events = ExpertDecider.Add(written.NewState, new AddKnowledge(SectionKind.Learned, $"Another client's note {n}"), "manual:other", DateTimeOffset.UtcNow);
            await Inner.AppendAsync(new Commit(commit.Team, [new StreamAppend(written.Stream, version, events, ExpertState.Fold(written.NewState, events)!)]), ct);
            return result;
        }
    }
}
