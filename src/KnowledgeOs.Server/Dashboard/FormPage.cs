using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Http;
using static KnowledgeOs.Server.Dashboard.Html;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// The one shape of a dashboard page that is a GET form and its answer (<see cref="RoutePage"/>, <see cref="SearchPage"/>):
/// the page's language, the form, nothing more while the form is empty, the query's input error as a 400 page under the
/// form, else the answer. A GET form: it reads, so the login cookie may carry it.
/// </summary>
/// <typeparam name="T">What the query answers.</typeparam>
/// <param name="Form">Writes the form, with what was asked in it.</param>
/// <param name="Title">The page's title before (and, for a bad query, after) it is asked.</param>
/// <param name="Ask">Runs the query.</param>
/// <param name="Answer">Writes the answer; returns the page's title.</param>
public sealed record FormPage<T>(
    Action<StringBuilder, DashboardLabels> Form,
    Func<DashboardLabels, string> Title,
    Func<CancellationToken, Task<T>> Ask,
    Func<StringBuilder, T, RenderLanguage, string> Answer)
{
    /// <summary>The page for <paramref name="asked"/> (null or blank: the form alone).</summary>
    public async Task<IResult> RenderAsync(string team, string? asked, Caller caller, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var language = await PageLanguage.ResolveAsync(http, team, ct);
        var l = DashboardLabels.For(language);
        var sb = new StringBuilder();
        Form(sb, l);
        if (string.IsNullOrWhiteSpace(asked)) return new HtmlPage(Title(l), team, sb.ToString(), caller);
        T answer;
        try
        {
            answer = await Ask(ct);
        }
        catch (InputException e)
        {
            sb.Append(Problem(e, l));
            return new HtmlPage(Title(l), team, sb.ToString(), caller, StatusCodes.Status400BadRequest);
        }
        var title = Answer(sb, answer, language);
        return new HtmlPage(title, team, sb.ToString(), caller);
    }
}
