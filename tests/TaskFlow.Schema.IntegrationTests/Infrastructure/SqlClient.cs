using System.Diagnostics;
using MySqlConnector;
using Npgsql;

namespace TaskFlow.Schema.IntegrationTests.Infrastructure;

/// <summary>The engines' own command-line clients: psql with ON_ERROR_STOP, mariadb with its defaults.</summary>
public static class SqlClient
{
    public static async Task<ToolProcess.Result> RunFileAsync(TestDatabase db, string file)
    {
        ProcessStartInfo info;
        if (db.Engine == DatabaseEngine.PostgreSql)
        {
            var b = new NpgsqlConnectionStringBuilder(db.Target.ConnectionString);
            info = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", b.Host!, "-p", b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", b.Username!, "-d", b.Database!, "-f", file })
                info.ArgumentList.Add(a);
            info.Environment["PGPASSWORD"] = b.Password;
        }
        else
        {
            var b = new MySqlConnectionStringBuilder(db.Target.ConnectionString);
            info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("mariadb --protocol=TCP -h \"$H\" -P \"$P\" -u \"$U\" \"$D\" < \"$F\"");
            info.Environment["H"] = b.Server;
            info.Environment["P"] = b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            info.Environment["U"] = b.UserID;
            info.Environment["D"] = b.Database;
            info.Environment["F"] = file;
            info.Environment["MYSQL_PWD"] = b.Password;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ToolProcess.Result(process.ExitCode, await stdout, await stderr);
    }
}
