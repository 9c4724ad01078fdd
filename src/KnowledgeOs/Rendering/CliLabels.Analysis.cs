namespace KnowledgeOs.Rendering;

public sealed partial record CliLabels
{
    /// <summary>One line saying which text analysis is in use (kos writes it on stderr, the server logs it).</summary>
    public string Analysis(Retrieval.LemmaSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var ms = (int)source.LoadTime.TotalMilliseconds;
        if (!En_)
        {
            var cacheRu = source.CacheProblem is null ? "" : $"; кэш словарей не использован: {source.CacheProblem}";
            return source.Loaded
                ? $"анализ текста: Snowball + леммы Hunspell ({source.Used} из {source.Folder}, загружены за {ms} мс{cacheRu})"
                : $"анализ текста: только Snowball (словарей Hunspell нет в {source.Folder}: apt-get install hunspell-ru hunspell-en-us или KOS_HUNSPELL_DIR)";
        }
        var cache = source.CacheProblem is null ? "" : $"; dictionary cache not used: {source.CacheProblem}";
        return source.Loaded
            ? $"text analysis: Snowball + Hunspell lemmas ({source.Used} from {source.Folder}, loaded in {ms} ms{cache})"
            : $"text analysis: Snowball only (no Hunspell dictionaries in {source.Folder}: apt-get install hunspell-ru hunspell-en-us, or set KOS_HUNSPELL_DIR)";
    }
}
