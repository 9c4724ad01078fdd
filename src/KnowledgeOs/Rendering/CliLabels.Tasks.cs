namespace KnowledgeOs.Rendering;

public sealed partial record CliLabels
{
    /// <summary><c>kos task start</c>: for whom the task is open from now, or that it was already open or finished for all.</summary>
    public string TaskStarted(string taskId, IReadOnlyList<string> started)
    {
        ArgumentNullException.ThrowIfNull(started);
        if (started.Count == 0)
            return English ? $"Task {taskId} is already open or finished for every expert named; nothing changed."
                : $"Задача {taskId} уже открыта или завершена у всех названных экспертов; ничего не изменилось.";
        return English ? $"Task {taskId} started: open for {string.Join(", ", started)} until its report is learned."
            : $"Задача {taskId} начата: открыта у {string.Join(", ", started)}, пока не изучен её отчёт.";
    }

    /// <summary><c>kos task cancel</c>: for whom the task is closed now, or that it was open for none of them.</summary>
    public string TaskCancelled(string taskId, IReadOnlyList<string> cancelled)
    {
        ArgumentNullException.ThrowIfNull(cancelled);
        if (cancelled.Count == 0)
            return English ? $"Task {taskId} is not open for any expert named; nothing changed."
                : $"Задача {taskId} не открыта ни у одного из названных экспертов; ничего не изменилось.";
        return English ? $"Task {taskId} cancelled for {string.Join(", ", cancelled)}: no longer their open work."
            : $"Задача {taskId} отменена у {string.Join(", ", cancelled)}: больше не считается их открытой работой.";
    }
}
