using KnowledgeOs.Experts;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval.Cache;

/// <summary>
/// A team's items loaded once into compact arrays (never changed after): per term its postings (document ordinals
/// and term frequencies, in two flat arrays), per document its expert, item id, section, status, confirmations, text
/// and term-id sequence (for phrases and for the hit's matches), and the terms sorted for prefixes. Changes since the
/// load are laid over it as further segments (<see cref="TeamView"/>).
/// </summary>
internal sealed class SearchSegment
{
    private SearchSegment(Builder b)
    {
        Experts = [.. b.Experts];
        DocExpert = [.. b.DocExpert];
        ItemIds = [.. b.ItemIds];
        Sections = [.. b.Sections];
        Statuses = [.. b.Statuses];
        Confirmations = [.. b.Confirmations];
        Texts = [.. b.Texts];
        SeqStart = [.. b.SeqStart];
        Seq = [.. b.Seq];
        Terms = [.. b.Terms];
        TermIds = b.TermIds;
        Sorted = [.. Enumerable.Range(0, Terms.Length).Order(Comparer<int>.Create((x, y) => string.CompareOrdinal(Terms[x], Terms[y])))];
        (PostStart, PostDoc, PostTf) = Postings(Terms.Length, SeqStart, Seq);
        ExpertFirst = new int[Experts.Length];
        ExpertEnd = new int[Experts.Length];
        Array.Fill(ExpertFirst, -1);
        for (var d = 0; d < DocCount; d++)
        {
            if (ExpertFirst[DocExpert[d]] < 0) ExpertFirst[DocExpert[d]] = d;
            ExpertEnd[DocExpert[d]] = d + 1;
        }
        TotalLength = Seq.Length;
    }

    public string[] Experts { get; }
    public Dictionary<string, int> ExpertIds { get; } = new(StringComparer.Ordinal);
    public int[] DocExpert { get; }
    public string[] ItemIds { get; }
    public SectionKind[] Sections { get; }
    public ItemStatus[] Statuses { get; }
    public int[] Confirmations { get; }
    public string[] Texts { get; }
    public int[] SeqStart { get; }
    public int[] Seq { get; }
    public string[] Terms { get; }
    public Dictionary<string, int> TermIds { get; }
    public int[] Sorted { get; }
    public int[] PostStart { get; }
    public int[] PostDoc { get; }
    public ushort[] PostTf { get; }

    /// <summary>By expert ordinal, its first document (the rows come grouped by expert, so its documents lie in <see cref="ExpertEnd"/>'s range).</summary>
    public int[] ExpertFirst { get; }

    /// <summary>By expert ordinal, one past its last document.</summary>
    public int[] ExpertEnd { get; }

    public long TotalLength { get; }

    public int DocCount => ItemIds.Length;

    public int Length(int doc) => SeqStart[doc + 1] - SeqStart[doc];

    /// <summary>The document of the expert's item, or -1 when this segment does not hold it.</summary>
    public int Find(string expert, string itemId)
    {
        if (!ExpertIds.TryGetValue(expert, out var e)) return -1;
        for (var d = ExpertFirst[e]; d < ExpertEnd[e]; d++)
            if (DocExpert[d] == e && string.Equals(ItemIds[d], itemId, StringComparison.Ordinal)) return d;
        return -1;
    }

    /// <summary>The document's indexed terms as the store wrote them (space-separated).</summary>
    public string TermsOf(int doc) => string.Join(' ', Seq.AsSpan(SeqStart[doc], Length(doc)).ToArray().Select(t => Terms[t]));

    /// <summary>A segment of the rows (of one team).</summary>
    public static async Task<SearchSegment> LoadAsync(IAsyncEnumerable<SearchItemRow> rows, CancellationToken ct)
    {
        var b = new Builder();
        await foreach (var row in rows.WithCancellation(ct)) b.Add(row);
        var segment = new SearchSegment(b);
        for (var e = 0; e < segment.Experts.Length; e++) segment.ExpertIds[segment.Experts[e]] = e;
        return segment;
    }

    /// <summary>A segment of rows already read (a catch-up's changed experts).</summary>
    public static SearchSegment Of(IEnumerable<SearchItemRow> rows)
    {
        var b = new Builder();
        foreach (var row in rows) b.Add(row);
        var segment = new SearchSegment(b);
        for (var e = 0; e < segment.Experts.Length; e++) segment.ExpertIds[segment.Experts[e]] = e;
        return segment;
    }

    /// <summary>Approximate bytes held: arrays, strings (UTF-16) and the two dictionaries.</summary>
    public long ApproximateBytes()
    {
        long bytes = (long)DocCount * (4 + 8 + 4 + 4 + 4 + 8 + 4) + Seq.Length * 4L + PostDoc.Length * 6L + PostStart.Length * 4L + Sorted.Length * 4L;
        foreach (var text in Texts) bytes += 24 + 2L * text.Length;
        foreach (var id in ItemIds) bytes += 24 + 2L * id.Length;
        foreach (var term in Terms) bytes += 24 + 2L * term.Length + 24; // the string and its dictionary entry
        return bytes;
    }

    // Postings in document order: counted per term first, then filled, each document's terms grouped by a sort of a copy.
    private static (int[] Start, int[] Doc, ushort[] Tf) Postings(int terms, int[] seqStart, int[] seq)
    {
        var count = new int[terms + 1];
        var docs = seqStart.Length - 1;
        var scratch = new int[256];
        for (var d = 0; d < docs; d++) ForEachTerm(d, (term, _) => count[term + 1]++);
        for (var t = 0; t < terms; t++) count[t + 1] += count[t];
        var at = (int[])count.Clone();
        var doc = new int[count[terms]];
        var tf = new ushort[count[terms]];
        for (var d = 0; d < docs; d++)
        {
            var current = d;
            ForEachTerm(d, (term, frequency) =>
            {
                doc[at[term]] = current;
                tf[at[term]++] = (ushort)Math.Min(frequency, ushort.MaxValue);
            });
        }
        return (count, doc, tf);

        void ForEachTerm(int d, Action<int, int> each)
        {
            var n = seqStart[d + 1] - seqStart[d];
            if (scratch.Length < n) scratch = new int[n * 2];
            seq.AsSpan(seqStart[d], n).CopyTo(scratch);
            var span = scratch.AsSpan(0, n);
            span.Sort();
            for (var i = 0; i < n;)
            {
                var j = i + 1;
                while (j < n && span[j] == span[i]) j++;
                each(span[i], j - i);
                i = j;
            }
        }
    }

    private sealed class Builder
    {
        private readonly Dictionary<string, int> _experts = new(StringComparer.Ordinal);
        public List<string> Experts { get; } = [];
        public List<int> DocExpert { get; } = [];
        public List<string> ItemIds { get; } = [];
        public List<SectionKind> Sections { get; } = [];
        public List<ItemStatus> Statuses { get; } = [];
        public List<int> Confirmations { get; } = [];
        public List<string> Texts { get; } = [];
        public List<int> SeqStart { get; } = [0];
        public List<int> Seq { get; } = [];
        public List<string> Terms { get; } = [];
        public Dictionary<string, int> TermIds { get; } = new(StringComparer.Ordinal);

        public void Add(SearchItemRow row)
        {
            if (!_experts.TryGetValue(row.Expert, out var expert))
            {
                _experts[row.Expert] = expert = Experts.Count;
                Experts.Add(row.Expert);
            }
            DocExpert.Add(expert);
            ItemIds.Add(row.ItemId);
            Sections.Add(row.Section);
            Statuses.Add(row.Status);
            Confirmations.Add(row.Confirmations);
            Texts.Add(row.Text);
            foreach (var term in row.Terms.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!TermIds.TryGetValue(term, out var id))
                {
                    TermIds[term] = id = Terms.Count;
                    Terms.Add(term);
                }
                Seq.Add(id);
            }
            SeqStart.Add(Seq.Count);
        }
    }
}
