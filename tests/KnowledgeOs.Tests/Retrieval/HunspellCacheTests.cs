using KnowledgeOs.Retrieval;
using KnowledgeOs.Tests.Support;
using KnowledgeOs.Text;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>
/// The dictionary cache (<see cref="HunspellCache"/>): lemmas read through it are the text dictionaries' for every word,
/// and a cache that is bad or cannot be written never fails a load, it only costs the parse.
/// </summary>
public sealed class HunspellCacheTests
{
    private static readonly string[] Inflections = ["s", "es", "ies", "d", "ed", "ied", "ing"];

    [SkippableFact]
    public void Every_word_of_the_ATRA_bases_has_the_same_lemmas_through_the_cache_as_from_the_text()
    {
        TestHunspell.Require();
        Skip.If(Repo.Fixtures is null, "no shared fixtures");
        // The 22 bases, and the learning programs and docs beside them for more words.
        var words = Directory.EnumerateFiles(Path.Combine(Repo.Fixtures!, "atra"), "*.md", SearchOption.AllDirectories)
            .SelectMany(f => TextAnalyzer.Words(File.ReadAllText(f))).Select(w => w.Word).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(words.Count > 1_500, $"only {words.Count} distinct words in the ATRA bases");
        using var cache = new TempFolder();
        var affixes = Inflections.ToHashSet(StringComparer.Ordinal);
        foreach (var name in new[] { "ru_RU", "en_US" })
        {
            var text = HunspellDictionary.Load(TestHunspell.Folder, name);
            var built = HunspellCache.Load(TestHunspell.Folder, name, cache.Path, out var buildProblem);
            var cached = HunspellCache.Load(TestHunspell.Folder, name, cache.Path, out var readProblem);
            Assert.Null(buildProblem);
            Assert.Null(readProblem);
            Assert.False(built.FromCache);
            Assert.True(cached.FromCache, $"{name} was parsed again instead of read from the cache");
            Assert.Equal(text.EntryCount, cached.EntryCount);
            Assert.Equal(text.RuleCount, cached.RuleCount);
            var known = 0;
            foreach (var word in words)
            {
                var expected = text.Lemmas(word);
                Assert.Equal(expected, cached.Lemmas(word));
                Assert.Equal(text.Lemmas(word, affixes), cached.Lemmas(word, affixes));
                if (expected.Count > 0) known++;
            }
            Assert.True(known > 300, $"{name} knows only {known} of {words.Count} words");
        }
    }

    [Fact]
    public void A_truncated_cache_is_ignored_and_rebuilt()
    {
        using var dictionaries = Tiny();
        using var cache = new TempFolder();
        HunspellCache.Load(dictionaries.Path, "ru_RU", cache.Path, out _);
        var file = Directory.GetFiles(cache.Path).Single();
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length - 3)]);

        var loaded = HunspellCache.Load(dictionaries.Path, "ru_RU", cache.Path, out var problem);

        Assert.False(loaded.FromCache);
        Assert.Equal(DictionaryCacheFault.TruncatedOrPadded, problem?.Fault);
        Assert.Equal(["писать"], loaded.Lemmas("пишу"));
        Assert.True(HunspellCache.Load(dictionaries.Path, "ru_RU", cache.Path, out _).FromCache);
    }

    [Theory]
    [InlineData("garbage", DictionaryCacheFault.NotACache, null)]
    [InlineData("version", DictionaryCacheFault.OtherVersion, "99")]
    [InlineData("flipped", DictionaryCacheFault.ChecksumMismatch, null)]
    public void A_corrupt_cache_or_one_of_another_version_is_ignored(string damage, DictionaryCacheFault fault, string? detail)
    {
        using var dictionaries = Tiny();
        using var cache = new TempFolder();
        HunspellCache.Load(dictionaries.Path, "ru_RU", cache.Path, out _);
        var file = Directory.GetFiles(cache.Path).Single();
        var bytes = File.ReadAllBytes(file);
        if (damage == "garbage") Random.Shared.NextBytes(bytes);
        if (damage == "version") bytes[8] = 99;
        if (damage == "flipped") bytes[^1] ^= 0x55;
        File.WriteAllBytes(file, bytes);

        var loaded = HunspellCache.Load(dictionaries.Path, "ru_RU", cache.Path, out var problem);

        Assert.False(loaded.FromCache);
        Assert.Equal(fault, problem?.Fault);
        Assert.Equal(detail, problem?.Detail);
        Assert.True(problem?.Rebuilt);
        Assert.Equal(["писать"], loaded.Lemmas("пишу"));
    }

    [Fact]
    public void A_cache_of_other_dictionary_files_is_rebuilt()
    {
        using var dictionaries = Tiny();
        using var cache = new TempFolder();
        HunspellCache.Load(dictionaries.Path, "ru_RU", cache.Path, out _);
        dictionaries.Write("ru_RU.dic", "2\nписать/A\nчитать/A\n");

        var loaded = HunspellCache.Load(dictionaries.Path, "ru_RU", cache.Path, out var problem);

        Assert.Equal(DictionaryCacheFault.OtherSources, problem?.Fault);
        Assert.Equal(["читать"], loaded.Lemmas("читу"));
        Assert.Equal(["читать"], HunspellCache.Load(dictionaries.Path, "ru_RU", cache.Path, out _).Lemmas("читу"));
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_written_costs_the_parse_not_the_load()
    {
        using var dictionaries = Tiny();
        using var cache = new TempFolder();
        // A file where the folder should be: not writable even by root (tests here may run as root, whom chmod does not stop).
        var blocked = cache.Write("kos", "a file, not a folder");

        var loaded = HunspellCache.Load(dictionaries.Path, "ru_RU", Path.Combine(blocked, "cache"), out var problem);

        Assert.False(loaded.FromCache);
        Assert.Equal(DictionaryCacheFault.NotWritten, problem?.Fault);
        Assert.False(problem?.Rebuilt);
        Assert.Equal(["писать"], loaded.Lemmas("пишу"));
    }

    [Fact]
    public async Task Two_builders_of_the_cache_at_once_both_end_well()
    {
        using var dictionaries = Tiny(entries: 20_000);
        using var cache = new TempFolder();
        using var start = new Barrier(4);
        var loads = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            var dictionary = HunspellCache.Load(dictionaries.Path, "ru_RU", cache.Path, out var problem);
            return (dictionary, problem);
        }, TaskCreationOptions.LongRunning)).ToArray();
        var results = await Task.WhenAll(loads);

        Assert.All(results, l => Assert.Null(l.problem));
        Assert.All(results, l => Assert.Equal(["писать"], l.dictionary.Lemmas("пишу")));
        Assert.Single(Directory.GetFiles(cache.Path)); // no temporary file left behind
        var read = HunspellCache.Load(dictionaries.Path, "ru_RU", cache.Path, out var again);
        Assert.Null(again);
        Assert.True(read.FromCache);
        Assert.Equal(20_001, read.EntryCount);
    }

    [Fact]
    public void The_loader_says_once_why_the_cache_was_not_used()
    {
        using var dictionaries = Tiny();
        using var cache = new TempFolder();
        var blocked = cache.Write("kos", "a file, not a folder");
        var heard = new List<LemmaSource>();

        var source = new LemmaLoader(dictionaries.Path, heard.Add, Path.Combine(blocked, "cache")).Value;

        Assert.Single(heard);
        var english = KnowledgeOs.Rendering.CliLabels.For(KnowledgeOs.Rendering.RenderLanguage.En).Analysis(source);
        var russian = KnowledgeOs.Rendering.CliLabels.For(KnowledgeOs.Rendering.RenderLanguage.Ru).Analysis(source);
        Assert.Contains("dictionary cache not used", english);
        Assert.Contains("not written", english);
        // The team's language throughout: the reason too, not only the words around it (the system's own message aside).
        Assert.Contains("кэш словарей не использован", russian);
        Assert.Contains("не записан", russian);
        Assert.DoesNotContain("not written", russian);
    }

    // ru_RU and en_US of a rule or two, and as many filler entries as asked.
    private static TempFolder Tiny(int entries = 0)
    {
        var folder = new TempFolder();
        folder.Write("ru_RU.aff", "SET UTF-8\n\nSFX A Y 2\nSFX A   ать  у     ать\nSFX A   сать  шу     сать\n");
        folder.Write("ru_RU.dic", $"{entries + 1}\nписать/A\n" + string.Concat(Enumerable.Range(0, entries).Select(i => $"слово{i}/A\n")));
        folder.Write("en_US.aff", "SET UTF-8\n\nSFX S Y 1\nSFX S   0  s     .\n");
        folder.Write("en_US.dic", "1\nperson/S\n");
        return folder;
    }
}
