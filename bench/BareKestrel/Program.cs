// The ceiling for bench/http.sh: Kestrel with minimal APIs and nothing else, serving the same bytes as the
// measured knowledge.md (GET /text) and answering a POST after reading its body (POST /echo), so the ratio
// to kos serve is the cost of KnowledgeOS itself, not of HTTP.
using System.Text;

var url = args.Length > 0 ? args[0] : "http://127.0.0.1:5091";
var body = args.Length > 1 ? File.ReadAllBytes(args[1]) : Encoding.UTF8.GetBytes(new string('x', 4096));
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(url);
var app = builder.Build();
app.MapGet("/text", () => TypedResults.Bytes(body, "text/markdown; charset=utf-8"));
app.MapPost("/echo", async (HttpRequest request) =>
{
    using var reader = new StreamReader(request.Body);
    var text = await reader.ReadToEndAsync();
    return TypedResults.Created("/echo/1", new { length = text.Length });
});
await app.RunAsync();
