using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Tests.Rendering;

/// <summary>An expert built through the real decisions (onboard, task learning, add, confirm, retract) that fills every section.</summary>
internal static class SampleExpert
{
    public static readonly DateTimeOffset Start = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);

    public const string RetractedText = "Глобальные блокировки на каждую запись";

    /// <summary>The events, in order, and the state they fold to.</summary>
    public static (List<KnowledgeEvent> Events, ExpertState State) Build()
    {
        var events = new List<KnowledgeEvent>();
        ExpertState? state = null;
        void Take(IReadOnlyList<KnowledgeEvent> decided)
        {
            events.AddRange(decided);
            state = ExpertState.Fold(state, decided);
        }
        void Add(SectionKind section, string text, Dictionary<string, string>? fields = null, string source = "manual:lead", int day = 0) =>
            Take(ExpertDecider.Add(state!, new AddKnowledge(section, text, fields), source, Start.AddDays(day)));
        void Learn(string json)
        {
            var report = ReportParser.Parse(json, "report.json");
            foreach (var p in report.Participants) Take(TaskLearning.Decide(state!, report, p, LearningOptions.Default));
        }

        Take(ExpertDecider.Onboard(null, new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA", 3, ExpertStatus.Active,
            "Отвечает за серверную часть: очереди, хранилище и интеграции.",
            ["Проектирование API", "Надёжность обработки сообщений"], ["Python", "Queues"]), "manual:lead", Start));

        Add(SectionKind.Book, "Enterprise Integration Patterns", new() { [ItemFields.Author] = "Gregor Hohpe" });
        Add(SectionKind.Book, "Справочник без автора");
        Add(SectionKind.Tool, "RabbitMQ");
        Add(SectionKind.Practice, "Ревью схемы перед миграцией");
        Add(SectionKind.Known, "Транзакции и уровни изоляции");
        Add(SectionKind.BestPractice, "Transactional Outbox", new()
        {
            [ItemFields.Description] = "Запись события в той же транзакции, что и данные",
            [ItemFields.Origin] = "Microservices Patterns - Chris Richardson",
            [ItemFields.Category] = "Architecture",
            [ItemFields.Application] = "Публикация событий заказов",
            [ItemFields.FoundAt] = "2026-02-01",
        });
        Add(SectionKind.BestPractice, "Backpressure", new()
        {
            [ItemFields.Description] = "Ограничение скорости потребителя",
            [ItemFields.Category] = "Performance",
        });
        Add(SectionKind.AdvancedBook, "Designing Event-Driven Systems", new() { [ItemFields.Author] = "Ben Stopford" });
        Add(SectionKind.ExpertPractice, "Event sourcing с проекциями");
        Add(SectionKind.Certification, "Сертификат по распределённым системам");
        Add(SectionKind.Innovation, "Потоковая обработка на краю сети");
        Add(SectionKind.Research, "Замеры задержки group commit");
        Add(SectionKind.Publication, "Статья: идемпотентность в очередях");
        Add(SectionKind.Mentorship, "Менторство: два стажёра по очередям");
        Add(SectionKind.Award, "🏆 Лучший разбор инцидента");
        Add(SectionKind.Other, "Время ответа снизилось вдвое", new() { [ItemFields.Heading] = "📈 Результаты:" });
        Add(SectionKind.Other, RetractedText + " (черновик)", new() { [ItemFields.Heading] = "📈 Результаты:" });
        Add(SectionKind.Other, "Заметка без заголовка");
        Add(SectionKind.Learned, RetractedText);

        Learn(Report("T-101", "Очередь расчёта комиссий", "2026-02-10T10:00:00Z", "success", 2, isCase: true,
            knowledge: ["Идемпотентные обработчики сообщений", "Outbox в той же транзакции"],
            problems: [("Дубли сообщений при повторной доставке", "Ключ идемпотентности в заголовке")],
            materials: ["Release It! - Michael Nygard"], practices: ["Контрактные тесты для очередей"]));
        Learn(Report("T-102", "Повторная доставка уведомлений", "2026-02-20T12:30:00Z", "success", 1, isCase: false,
            knowledge: ["идемпотентные обработчики сообщений."],
            problems: [("Дубли сообщений при повторной доставке", "Дедупликация по таблице обработанных")],
            materials: [], practices: ["Контрактные тесты для очередей"]));
        Learn(Report("T-103", "Миграция схемы без простоя", "2026-03-02T14:00:00Z", "partial", 0, isCase: true,
            knowledge: ["Идемпотентные обработчики сообщений"],
            problems: [("Долгие блокировки при миграции", "")],
            materials: [], practices: []));

        foreach (var who in new[] { "manual:anna", "manual:oleg", "manual:petr" })
            Take(ExpertDecider.Confirm(state!, ExpertDecider.Find(state!, Id(state!, "RabbitMQ")).Id, who, Start.AddDays(5)));
        Take(ExpertDecider.Retract(state!, Id(state!, RetractedText), "устарело", "manual:lead", Start.AddDays(6)));
        Take(ExpertDecider.Retract(state!, Id(state!, RetractedText + " (черновик)"), "черновик", "manual:lead", Start.AddDays(6)));

        Take([new MetricClaimImported { Label = "Всего задач выполнено", Value = "100+", Source = "import:igor_knowledge.md", At = Start }]);
        Take([new MetricClaimImported { Label = "Уровень экспертизы", Value = "⭐⭐⭐⭐⭐ МАКСИМУМ", Source = "import:igor_knowledge.md", At = Start }]);
        Take([new MetricClaimImported { Label = "Всего задач выполнено", Value = "100+", Source = "import:igor_knowledge.md", At = Start }]);
        return (events, state!);
    }

    /// <summary>The id of the item whose text is exactly this.</summary>
    public static string Id(ExpertState state, string text) => state.Items.Values.Single(i => i.Text == text).Id;

    private static string Report(string id, string title, string at, string outcome, int errors, bool isCase,
        string[] knowledge, (string Problem, string Solution)[] problems, string[] materials, string[] practices) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            taskId = id,
            title,
            completedAt = at,
            durationMinutes = 60,
            @case = isCase,
            participants = new[]
            {
                new
                {
                    expert = "igor", outcome, errorsFixed = errors, newKnowledge = knowledge,
                    problems = problems.Select(p => new { problem = p.Problem, solution = p.Solution }).ToArray(),
                    materials, practicesApplied = practices,
                },
            },
        });
}
