using System.ComponentModel;
using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace KnowledgeOs.Server.Mcp;

/// <summary><c>start_task</c>: the task's context pack and the chosen experts' guidance, ready to paste into a system prompt.</summary>
[McpServerPromptType]
public sealed class StartTaskPrompt(KnowledgeService knowledge, RetrievalService retrieval, McpCaller caller)
{
    /// <summary>start_task.</summary>
    [McpServerPrompt(Name = "start_task", Title = "Start a task with the team's knowledge")]
    [Description("A system prompt for a task: who on the team knows it (role, level, tags), the context pack of their recorded knowledge with item ids, and how to report back (record_lesson mid-task, learn_from_report at the end).")]
    public async Task<GetPromptResult> StartTask(
        [Description("The task text, Russian or English.")] string task,
        [Description("Participants' slugs, comma-separated; omit to take the experts route_task picks.")] string? experts = null,
        [Description("ru or en; omit for the team's language.")] string? lang = null,
        CancellationToken ct = default)
    {
        if (caller.Refusal is { } refusal) throw new McpProtocolException(refusal, McpErrorCode.InvalidParams);
        try
        {
            var language = RenderOptions.ParseRequested(lang, "lang");
            var slugs = experts?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var pack = await retrieval.ContextAsync(caller.Team, new ContextPackRequest(task, null, slugs is { Length: > 0 } ? slugs : null, ContextPack.DefaultBudget, language), ct);
            var p = PromptLabels.For(pack.Language);
            var levels = RenderLabels.For(p.Language);
            var text = new StringBuilder();
            text.Append(p.StartTaskOpening(caller.Team)).Append("\n\n");
            text.Append("## ").Append(p.TaskHeading).Append("\n\n").Append(task.Trim()).Append("\n\n## ").Append(p.WhoKnowsHeading).Append("\n\n");
            foreach (var participant in pack.Experts)
            {
                var state = (await knowledge.GetAsync(caller.Team, participant.Expert, null, ct)).State;
                var m = ExpertMetrics.Of(state);
                text.Append("- **").Append(state.DisplayName).Append("** (`").Append(state.Slug).Append("`), ").Append(state.Role)
                    .Append(", ").Append(p.LevelWord).Append(' ').Append(m.Level).Append(": ").Append(levels.LevelReasonText(m.Level, m.LevelReason));
                if (state.Tags.Count > 0) text.Append(" · ").Append(string.Join(", ", state.Tags));
                text.Append('\n');
            }
            text.Append("\n## ").Append(p.KnowledgeHeading).Append("\n\n").Append(pack.Markdown.TrimEnd()).Append("\n\n## ").Append(p.ReportingHeading).Append("\n\n")
                .Append("- ").Append(p.RecordLessonHint).Append('\n')
                .Append("- ").Append(p.RetrospectiveHint).Append('\n')
                .Append("- ").Append(ContextPackText.UsedItemsHint(pack)).Append('\n');
            return new GetPromptResult
            {
                Description = p.StartTaskDescription,
                Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text.ToString() } }],
            };
        }
        catch (KnowledgeOsException ex)
        {
            throw new McpProtocolException(McpToolRun.Message(ex), McpErrorCode.InvalidParams);
        }
    }
}
