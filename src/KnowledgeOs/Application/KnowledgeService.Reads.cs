using KnowledgeOs.Experts;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

public sealed partial class KnowledgeService
{
    /// <summary>An expert's knowledge base now, or at a past point of view (<see cref="AsOf"/>: by when things happened or by when they were recorded).</summary>
    public async Task<Snapshot> GetAsync(string team, string slug, AsOf? asOf, CancellationToken ct)
    {
        var stream = new StreamId(team, slug);
        if (asOf is null)
        {
            return await store.LoadAsync(stream, ct) ?? throw NotFound(team, slug);
        }
        if (asOf.Fold(await ReadAsync(stream, asOf.RecordedUpTo, ct)) is { } snapshot) return snapshot;
        _ = await store.LoadAsync(stream, ct) ?? throw NotFound(team, slug);
        throw NotFoundException.ExpertEmptyAt(slug, asOf);
    }

    /// <summary>An expert's state with every time replaced by its recording time, over what was recorded up to <paramref name="recordedUpTo"/>; null when nothing was.</summary>
    public async Task<ExpertState?> RecordingViewAsync(string team, string slug, DateTimeOffset recordedUpTo, CancellationToken ct) =>
        AsOf.FoldByRecording(await ReadAsync(new StreamId(team, slug), recordedUpTo, ct));

    private async Task<List<StoredEvent>> ReadAsync(StreamId stream, DateTimeOffset? recordedUpTo, CancellationToken ct)
    {
        var events = new List<StoredEvent>();
        await foreach (var e in store.ReadStreamAsync(stream, recordedUpTo, ct)) events.Add(e);
        return events;
    }

    /// <summary>Every expert of a team.</summary>
    public Task<IReadOnlyList<Snapshot>> ListAsync(string team, CancellationToken ct) => store.ListAsync(team, ct);

    /// <summary>Every expert of a team now, or at a past point of view; experts with nothing yet at that point are left out.</summary>
    public async Task<IReadOnlyList<Snapshot>> ListAsync(string team, AsOf? asOf, CancellationToken ct)
    {
        var current = await store.ListAsync(team, ct);
        if (asOf is null) return current;
        var found = new List<Snapshot>();
        foreach (var s in current)
        {
            if (asOf.Fold(await ReadAsync(new StreamId(team, s.State.Slug), asOf.RecordedUpTo, ct)) is { } snapshot) found.Add(snapshot);
        }
        return found;
    }

    /// <summary>An expert's events, oldest first.</summary>
    public async Task<IReadOnlyList<StoredEvent>> HistoryAsync(string team, string slug, CancellationToken ct)
    {
        var list = new List<StoredEvent>();
        await foreach (var e in store.ReadStreamAsync(new StreamId(team, slug), null, ct)) list.Add(e);
        return list.Count > 0 ? list : throw NotFound(team, slug);
    }
}
