namespace KnowledgeOs.Rendering;

// The captions of the progress bars (kos learn and demo, import, reindex) and the line of a run stopped by Ctrl+C.
public sealed partial record CliLabels
{
    /// <summary><c>kos learn</c> (and the sample team of <c>demo</c>, <c>serve --sample</c>): the progress bar's caption.</summary>
    public string LearningProgress => English ? "Learning from reports" : "Обучение по отчётам";

    /// <summary><c>kos import</c>: the progress bar's caption, reading only with <c>--dry-run</c>.</summary>
    public string ImportProgress(bool dryRun) => (English, dryRun) switch
    {
        (true, true) => "Reading (dry run)",
        (true, false) => "Importing",
        (false, true) => "Чтение (пробный прогон)",
        (false, false) => "Импорт",
    };

    /// <summary><c>kos reindex</c>: the progress bar's caption.</summary>
    public string Embedding(string model) => English ? $"Embedding with {model}" : $"Векторы модели {model}";

    /// <summary>A run stopped by Ctrl+C (on standard error).</summary>
    public string Cancelled => English ? "cancelled" : "отменено";
}
