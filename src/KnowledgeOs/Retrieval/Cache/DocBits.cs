namespace KnowledgeOs.Retrieval.Cache;

/// <summary>
/// A set of a segment's document ordinals, copied on write by pages of 65,536 documents (8 KB each): a catch-up that
/// marks a few documents dead copies the page index and the pages it touches, never the whole segment's bits.
/// </summary>
internal sealed class DocBits
{
    private const int PageShift = 16;
    private const int WordsPerPage = (1 << PageShift) / 64;

    private readonly ulong[]?[] _pages;

    public DocBits(int docs) => _pages = new ulong[]?[(docs >> PageShift) + 1];

    private DocBits(ulong[]?[] pages) => _pages = pages;

    public bool Contains(int doc)
    {
        var page = _pages[doc >> PageShift];
        return page is not null && (page[(doc >> 6) & (WordsPerPage - 1)] & (1UL << doc)) != 0;
    }

    /// <summary>A copy to add to: pages are shared until <see cref="Add"/> first writes to them.</summary>
    public Writer Edit() => new(new DocBits((ulong[]?[])_pages.Clone()));

    /// <summary>Adds to a copy; a page shared with the original is copied before its first write.</summary>
    internal sealed class Writer(DocBits bits)
    {
        private readonly HashSet<int> _copied = [];

        public DocBits Bits => bits;

        /// <summary>Adds the document; false when it was in already.</summary>
        public bool Add(int doc)
        {
            if (bits.Contains(doc)) return false;
            var p = doc >> PageShift;
            if (_copied.Add(p)) bits._pages[p] = bits._pages[p] is { } shared ? (ulong[])shared.Clone() : new ulong[WordsPerPage];
            bits._pages[p]![(doc >> 6) & (WordsPerPage - 1)] |= 1UL << doc;
            return true;
        }
    }
}
