namespace KnowledgeOs.Rendering;

/// <summary>
/// The domain's errors worded for people (the CLI's error line, a dashboard error page) from their code and arguments
/// (<see cref="KnowledgeOsException.Code"/>). English is the error's own message, as problem+json and the log have it;
/// an error with no wording in a language is shown in English (<see cref="Text"/> gives null then).
/// </summary>
public static class ErrorLabels
{
    /// <summary>The error worded in <paramref name="language"/>, or null when it has no wording there but its English message.</summary>
    public static string? Text(KnowledgeOsException error, RenderLanguage language)
    {
        ArgumentNullException.ThrowIfNull(error);
        return language == RenderLanguage.En ? error.Message : Ru(error.Code, error.Args);
    }

    /// <summary>The Russian wording of a code, or null for a code with none.</summary>
    public static string? Ru(string code, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string A(int i) => i < args.Count ? args[i] : "";
        return code switch
        {
            ErrorCodes.ExpertNotFound => $"В команде «{A(0)}» нет эксперта «{A(1)}».",
            ErrorCodes.ItemNotFound => $"У {A(0)} нет записи «{A(1)}».",
            ErrorCodes.ItemAmbiguous => $"Код записи «{A(0)}» подходит к нескольким записям; дайте больше знаков.",
            ErrorCodes.TeamEmpty => $"В команде «{A(0)}» нет экспертов.",
            ErrorCodes.ExpertsNotInTeam => $"В команде нет экспертов: {A(0)}.",
            ErrorCodes.StaleVersion => $"Эксперт «{A(0)}» уже в версии {A(1)}, а не {A(2)}; перечитайте его и повторите с его версией.",
            ErrorCodes.IdempotencyKeyReused => $"Ключ идемпотентности «{A(0)}» команды «{A(1)}» уже использован для другого запроса; ничего не записано.",
            ErrorCodes.LimitExceeded => $"Поле «{A(0)}» больше предела {A(1)} = {A(2)}; ничего не записано.",
            ErrorCodes.UnknownLanguage => $"{A(0)}: неизвестный язык «{A(1)}» (ожидается ru или en).",
            ErrorCodes.KeyNotFound => $"Действующего ключа «{A(0)}» нет (см. kos keys list).",
            ErrorCodes.PathMissing => $"{A(0)}: нет такого файла или папки.",
            ErrorCodes.FileEmpty => $"{A(0)}: файл пуст.",
            ErrorCodes.JsonInvalid => $"{A(0)}: неверный JSON в строке {A(1)}, байт {A(2)}.",
            ErrorCodes.FieldRequired => $"{A(0)}: поле «{A(1)}» обязательно.",
            ErrorCodes.FieldNotString => $"{A(0)}: поле «{A(1)}» должно быть строкой.",
            ErrorCodes.FieldNotWholeNumber => $"{A(0)}: поле «{A(1)}» должно быть целым числом от 0 до {A(2)}.",
            ErrorCodes.FieldNotDate => $"{A(0)}: поле «{A(1)}»: «{A(2)}» — не дата и время со смещением (например, 2026-03-02T14:00:00Z или 2026-03-02T17:00:00+03:00).",
            ErrorCodes.UnknownOutcome => $"{A(0)}: в поле «{A(1)}» неизвестный исход «{A(2)}» (ожидается одно из: {A(3)}).",
            _ => null,
        };
    }
}
