using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests;

/// <summary>
/// Logging in as a newly created account, whose password no login has cached yet: over TLS (Oracle MySQL makes its own
/// certificate) and over a plain connection, where caching_sha2_password needs the server's public key.
/// </summary>
[Category(Engines.MySql)]
public sealed class MySqlLoginTests
{
    [Test]
    public async Task A_new_account_logs_in_over_TLS_and_without_it_or_is_told_the_URL_option_that_makes_it_work()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseEngine.MySql, "login");
        var user = "tf_login_" + Guid.NewGuid().ToString("N")[..8];
        await db.ExecuteAsync($"CREATE USER '{user}'@'%' IDENTIFIED BY 'login-secret-pw'; GRANT ALL ON `{db.Name}`.* TO '{user}'@'%'");
        try
        {
            var url = TestServers.UrlFor(DatabaseEngine.MySql, db.Name).Replace("taskflow:taskflow@", $"{user}:login-secret-pw@", StringComparison.Ordinal);
            if (!TestServers.MySqlIsMariaDb)
            {
                var plugin = await db.QueryAsync($"SELECT plugin FROM mysql.user WHERE user = '{user}'");
                Assert.That(plugin.Single()[0], Is.EqualTo("caching_sha2_password"));
                var tls = await ToolProcess.RunAsync("status", "--connection", url + "?ssl-mode=required");
                Assert.That(tls.ExitCode, Is.Zero, tls.ToString());
                // Empties the server's cache of logins, so the next plain login has to send the password in full.
                await db.ExecuteAsync($"ALTER USER '{user}'@'%' IDENTIFIED BY 'login-secret-pw'");
            }

            var plain = await ToolProcess.RunAsync("status", "--connection", url + "?ssl-mode=disabled");
            var withKey = await ToolProcess.RunAsync("status", "--connection", url + "?ssl-mode=disabled&get-server-public-key=true");

            Assert.That(plain.ExitCode == 0 || plain.Stderr.Trim() is var line && !line.Contains('\n') && line.Contains("?get-server-public-key=true"),
                Is.True, plain.ToString());
            Assert.That(withKey.ExitCode, Is.Zero, withKey.ToString());
            Assert.That(plain.Stderr + withKey.Stderr, Does.Not.Contain("login-secret-pw"));
        }
        finally
        {
            await db.ExecuteAsync($"DROP USER IF EXISTS '{user}'@'%'");
        }
    }
}
