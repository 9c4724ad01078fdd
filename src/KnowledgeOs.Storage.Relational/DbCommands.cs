using System.Data.Common;

namespace KnowledgeOs.Storage.Relational;

/// <summary>Commands written once for every database: named <c>@parameters</c>, which both providers accept.</summary>
public static class DbCommands
{
    /// <summary>A command with named parameters (<c>@name</c> in the SQL), null values sent as SQL NULL.</summary>
    public static DbCommand Create(DbConnection db, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }
}
