using KnowledgeOs.Text;

namespace KnowledgeOs.Rendering;

public sealed partial record CliLabels
{
    /// <summary>One line saying which text analysis is in use (kos writes it on stderr, the server logs it).</summary>
    public string Analysis(Retrieval.LemmaSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var ms = (int)source.LoadTime.TotalMilliseconds;
        var problems = string.Join("; ", source.CacheProblems.Select(CacheProblem));
        if (!English)
        {
            var cacheRu = problems.Length == 0 ? "" : $"; кэш словарей не использован: {problems}";
            return source.Loaded
                ? $"анализ текста: Snowball + леммы Hunspell ({source.Used} из {source.Folder}, загружены за {ms} мс{cacheRu})"
                : $"анализ текста: только Snowball (словарей Hunspell нет в {source.Folder}: apt-get install hunspell-ru hunspell-en-us или KOS_HUNSPELL_DIR)";
        }
        var cache = problems.Length == 0 ? "" : $"; dictionary cache not used: {problems}";
        return source.Loaded
            ? $"text analysis: Snowball + Hunspell lemmas ({source.Used} from {source.Folder}, loaded in {ms} ms{cache})"
            : $"text analysis: Snowball only (no Hunspell dictionaries in {source.Folder}: apt-get install hunspell-ru hunspell-en-us, or set KOS_HUNSPELL_DIR)";
    }

    /// <summary>Why a dictionary cache file was not used or not written, in one clause (the system's own message kept as it came).</summary>
    public string CacheProblem(DictionaryCacheProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var b = new Bilingual(Language);
        var (path, detail) = (problem.Path, problem.Detail);
        var why = problem.Fault switch
        {
            DictionaryCacheFault.NotACache => b.Pick("это не кэш словарей kos", "not a kos dictionary cache"),
            DictionaryCacheFault.OtherVersion => b.Pick($"версия формата {detail}, а нужна {HunspellCacheFile.Version}", $"format version {detail}, not {HunspellCacheFile.Version}"),
            DictionaryCacheFault.TruncatedOrPadded => b.Pick("файл обрезан или дополнен", "truncated or padded"),
            DictionaryCacheFault.OtherSources => b.Pick("построен по другим файлам словарей", "built from other dictionary files"),
            DictionaryCacheFault.ChecksumMismatch => b.Pick("не сходится контрольная сумма", "checksum mismatch"),
            DictionaryCacheFault.BigEndian => b.Pick("порядок байтов машины не little-endian", "not a little-endian machine"),
            DictionaryCacheFault.Unreadable => b.Pick($"не читается ({detail})", $"unreadable ({detail})"),
            _ => b.Pick($"не записан ({detail})", $"not written ({detail})"),
        };
        return problem.Rebuilt ? b.Pick($"{path} не использован ({why}), пересоздан", $"{path} ignored ({why}), rebuilt") : $"{path} {why}";
    }
}
