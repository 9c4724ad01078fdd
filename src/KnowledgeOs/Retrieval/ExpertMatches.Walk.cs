using System.Buffers;
using System.Numerics;

namespace KnowledgeOs.Retrieval;

// An expert's postings walked for a query: the matches, their counts and the few that can be among the best.
public sealed partial class ExpertMatches
{
    // Walks the postings (Walk), then takes the counts per section and per word over every match (Tally) and keeps the
    // matches that can be among the best `kept` (Keep); only those leave the pooled buffers. Three methods, not one: in
    // one long method the JIT left the per-match lookups as calls (an item's fixed factors showed in the profile on their
    // own), and the ranking alone ran slower than before with less garbage (docs/BENCHMARKS.md, "the ranking's garbage").
    private static (MatchSet Set, int Count, int[] Sections, int[] Words, ulong[] Matched) Scan(AnalyzedExpert expert,
        (QueryAlternative Alternative, double Idf)[][] scoring, LazyItemFactors factors, int kept)
    {
        var n = expert.Items.Count;
        var relevance = ArrayPool<double>.Shared.Rent(n);
        var masks = ArrayPool<ulong>.Shared.Rent(n);
        var matched = ArrayPool<int>.Shared.Rent(n);
        var matchedRelevance = ArrayPool<double>.Shared.Rent(n);
        try
        {
            var count = Walk(expert, scoring, factors, relevance, masks, matched);
            var items = matched.AsSpan(0, count);
            var scores = matchedRelevance.AsSpan(0, count);
            var (sections, words, bitmap) = Tally(expert, scoring.Length, items, masks, relevance, scores, kept < int.MaxValue);
            // A heap array of `kept` doubles, not stackalloc: a method with stackalloc cannot be moved to optimized code
            // mid-loop (OSR), so it would be compiled without the tier-0 profile the walk's lookups are devirtualized by.
            var keptCount = kept < int.MaxValue ? Keep(expert, items, scores, new double[kept]) : count;
            return (new MatchSet(items[..keptCount].ToArray(), scores[..keptCount].ToArray()), count, sections, words, bitmap);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(relevance);
            ArrayPool<ulong>.Shared.Return(masks);
            ArrayPool<int>.Shared.Return(matched);
            ArrayPool<double>.Shared.Return(matchedRelevance);
        }
    }

    // Walks each word's alternatives' postings: an item's part for a word is its best alternative's BM25; the parts
    // add up in word order, as Build adds them, so the sums are the same to the last bit. Fills each item's relevance and
    // word mask and the matching items in match order; answers how many match.
    private static int Walk(AnalyzedExpert expert, (QueryAlternative Alternative, double Idf)[][] scoring, LazyItemFactors factors,
        double[] relevance, ulong[] masks, int[] matched)
    {
        var n = expert.Items.Count;
        var wordBest = ArrayPool<double>.Shared.Rent(n);
        var touched = ArrayPool<int>.Shared.Rent(n);
        try
        {
            Array.Clear(relevance, 0, n);
            Array.Clear(wordBest, 0, n);
            Array.Clear(masks, 0, n);
            var matchedCount = 0;
            for (var g = 0; g < scoring.Length; g++)
            {
                var touchedCount = 0;
                foreach (var (alternative, idf) in scoring[g])
                {
                    var terms = alternative.Terms;
                    foreach (var posting in expert.Postings.Of(Rarest(expert.Postings, terms)))
                    {
                        var tf = posting.Frequency;
                        if (terms.Count > 1)
                        {
                            var frequencies = expert.Items[posting.Item].Frequencies;
                            foreach (var term in terms) tf = Math.Min(tf, frequencies.GetValueOrDefault(term));
                            if (tf == 0) continue;
                        }
                        var part = idf * tf * (TeamCorpus.K1 + 1) / (tf + factors.Norm(posting.Item));
                        ref var best = ref wordBest[posting.Item];
                        if (best == 0) touched[touchedCount++] = posting.Item;
                        if (part > best) best = part;
                    }
                }
                for (var t = 0; t < touchedCount; t++)
                {
                    var i = touched[t];
                    relevance[i] += wordBest[i];
                    wordBest[i] = 0;
                    if (masks[i] == 0) matched[matchedCount++] = i;
                    masks[i] |= 1UL << g;
                }
            }
            return matchedCount;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(wordBest);
            ArrayPool<int>.Shared.Return(touched);
        }
    }

    // The counts per section and per word over every match, which items match (one bit each, when asked), and each
    // match's relevance in match order.
    private static (int[] Sections, int[] Words, ulong[] Matched) Tally(AnalyzedExpert expert, int wordCount, ReadOnlySpan<int> matched,
        ulong[] masks, double[] relevance, Span<double> matchedRelevance, bool bitmap)
    {
        var sections = new int[SectionCount];
        var words = new int[wordCount];
        var bits = bitmap ? new ulong[(expert.Items.Count + 63) / 64] : [];
        var itemSections = expert.ItemSections;
        for (var m = 0; m < matched.Length; m++)
        {
            var i = matched[m];
            if (bitmap) bits[i >> 6] |= 1UL << i;
            matchedRelevance[m] = relevance[i];
            sections[(int)itemSections[i]]++;
            for (var mask = masks[i]; mask != 0; mask &= mask - 1) words[BitOperations.TrailingZeroCount(mask)]++;
        }
        return (sections, words, bits);
    }

    // Moves the matches that can be among the best low.Length to the front, in match order; answers how many.
    private static int Keep(AnalyzedExpert expert, Span<int> items, Span<double> relevance, double[] low)
    {
        var threshold = Threshold(expert, items, relevance, low);
        var kept = 0;
        for (var m = 0; m < items.Length; m++)
        {
            if (Fixed(expert, items[m], relevance[m]) * (1 + 1e-9) < threshold) continue;
            (items[kept], relevance[kept]) = (items[m], relevance[m]);
            kept++;
        }
        return kept;
    }

    // A phrase is looked for among the items holding its rarest term.
    private static string Rarest(TermPostings postings, IReadOnlyList<string> terms)
    {
        var rarest = terms[0];
        for (var k = 1; k < terms.Count; k++)
            if (postings.Count(terms[k]) < postings.Count(rarest)) rarest = terms[k];
        return rarest;
    }
}
