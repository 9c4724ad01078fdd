using System.Globalization;

namespace KnowledgeOs.Rendering;

// The lines of the commands that write files or copy the store: kos backup, restore, migrate, reindex, export and the
// "--out" of kos team, program, render and guidance. The English words are the ones these commands always printed (a count keeps "events" at 1).
public sealed partial record CliLabels
{
    private static string N0(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary><c>kos backup</c>: what was copied where.</summary>
    public string BackedUp(string store, string file, long events, long keys, long apiKeys) => English
        ? $"Backed up {store} to {file}: {N0(events)} events, {N0(keys)} idempotency keys, {N0(apiKeys)} API keys."
        : $"Резервная копия {store} записана в {file}: {RuEvents(events)}, {RuIdempotencyKeys(keys)}, {RuApiKeys(apiKeys)}.";

    /// <summary><c>kos backup</c>: the content hash and how to restore.</summary>
    public string BackupHash(string hash, string file) => English
        ? $"Content hash sha256 {hash}; restore with: kos restore {file}"
        : $"Хеш содержимого sha256 {hash}; восстановить: kos restore {file}";

    /// <summary><c>kos restore</c>: what was loaded from where into which store.</summary>
    public string Restored(string file, string store, long events, long keys, long apiKeys) => English
        ? $"Restored {CopiedCounts(events, keys, apiKeys)} from {file} into {store}."
        : $"Из {file} в {store} восстановлено: {CopiedCounts(events, keys, apiKeys)}.";

    /// <summary><c>kos restore</c>: the restored store read back the same.</summary>
    public string RestoreVerified(string hash) => ReadsBackTheSame(English ? "the store" : "хранилище", hash);

    /// <summary><c>kos migrate</c>: what was copied from which store into which.</summary>
    public string Copied(string from, string to, long events, long keys, long apiKeys) => English
        ? $"Copied {CopiedCounts(events, keys, apiKeys)} from {from} to {to}."
        : $"Из {from} в {to} скопировано: {CopiedCounts(events, keys, apiKeys)}.";

    /// <summary><c>kos migrate</c>: the copy read back the same.</summary>
    public string CopyVerified(string hash) => ReadsBackTheSame(English ? "the copy" : "копия", hash);

    // What a restore or a copy moved: "1,204 events, 3 idempotency keys and 2 API keys".
    private string CopiedCounts(long events, long keys, long apiKeys) => English
        ? $"{N0(events)} events, {N0(keys)} idempotency keys and {N0(apiKeys)} API keys"
        : $"{RuEvents(events)}, {RuIdempotencyKeys(keys)} и {RuApiKeys(apiKeys)}";

    // The proof of a restore and of a copy: the target read back gives the source's counts and content hash.
    private string ReadsBackTheSame(string target, string hash) => English
        ? $"Verified: {target} reads back the same counts and content hash (sha256 {hash})."
        : $"Проверено: {target} читается с теми же числами и тем же хешем содержимого (sha256 {hash}).";

    /// <summary><c>kos reindex</c>: how many items were embedded (and how many earlier vectors deleted with <c>--all</c>).</summary>
    public string Embedded(long embedded, string model, long? deleted) => English
        ? $"{N0(embedded)} items embedded with {model}{(deleted is { } d ? $" ({N0(d)} earlier vectors deleted)" : "")}; every active item has a vector."
        : $"Векторы модели {model} построены для {Plural.Ru(embedded, "записи", "записей", "записей")}"
          + (deleted is { } r ? $" (удалено прежних векторов: {r.ToString(CultureInfo.InvariantCulture)})" : "")
          + "; у каждой активной записи есть вектор.";

    /// <summary><c>kos export</c>: what was written into the folder.</summary>
    public string Exported(int knowledgeBases, int programs, string json, string folder) => English
        ? $"Wrote {knowledgeBases} knowledge bases, {programs} learning programs and {json} to {folder}."
        : $"В {folder} записаны: {Plural.Ru(knowledgeBases, "база знаний", "базы знаний", "баз знаний")}, "
          + $"{Plural.Ru(programs, "программа обучения", "программы обучения", "программ обучения")} и {json}.";

    /// <summary><c>kos team --out</c>: the document written.</summary>
    public string TeamWritten(string path, int members, int coveragePercent) => English
        ? $"Wrote {path}: {members} members, coverage {coveragePercent}%."
        : $"Записан файл {path}: {Plural.Ru(members, "участник", "участника", "участников")}, покрытие {coveragePercent}%.";

    /// <summary><c>kos program --out</c>: the document written and how far the program is done.</summary>
    public string ProgramWritten(string path, int percent, int done, int total, string program) => English
        ? $"Wrote {path}: {percent}% ({done}/{total}) of program {program}."
        : $"Записан файл {path}: программа {program} выполнена на {percent}% ({done}/{total}).";

    /// <summary><c>kos render --out</c>: the document written and its length.</summary>
    public string RenderWritten(string path, int characters) => English
        ? $"Wrote {path} ({N0(characters)} characters)."
        : $"Записан файл {path} ({Plural.Ru(characters, "символ", "символа", "символов")}).";

    /// <summary><c>kos guidance --out</c>/<c>--all</c>: a file written, or already up to date, as of a log position.</summary>
    public string GuidanceWritten(string path, long position, bool changed) => (English, changed) switch
    {
        (true, true) => $"Wrote {path} (log position {position.ToString(CultureInfo.InvariantCulture)}).",
        (true, false) => $"{path} is up to date (log position {position.ToString(CultureInfo.InvariantCulture)}).",
        (false, true) => $"Записан файл {path} (позиция в журнале {position.ToString(CultureInfo.InvariantCulture)}).",
        (false, false) => $"Файл {path} уже актуален (позиция в журнале {position.ToString(CultureInfo.InvariantCulture)}).",
    };

    private static string RuEvents(long n) => Plural.Ru(n, "событие", "события", "событий");
    private static string RuIdempotencyKeys(long n) => Plural.Ru(n, "ключ идемпотентности", "ключа идемпотентности", "ключей идемпотентности");
    private static string RuApiKeys(long n) => Plural.Ru(n, "ключ доступа", "ключа доступа", "ключей доступа");
}
