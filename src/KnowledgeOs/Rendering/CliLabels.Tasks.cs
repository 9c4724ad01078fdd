namespace KnowledgeOs.Rendering;

public sealed partial record CliLabels
{
    /// <summary><c>kos task start</c>: for whom the task is open from now, or that it was already open or finished for all.</summary>
    public string TaskStarted(string taskId, IReadOnlyList<string> started)
    {
        ArgumentNullException.ThrowIfNull(started);
        if (started.Count == 0)
            return En_ ? $"Task {taskId} is already open or finished for every expert named; nothing changed."
                : $"Задача {taskId} уже открыта или завершена у всех названных экспертов; ничего не изменилось.";
        return En_ ? $"Task {taskId} started: open for {string.Join(", ", started)} until its report is learned."
            : $"Задача {taskId} начата: открыта у {string.Join(", ", started)}, пока не изучен её отчёт.";
    }
}
