using TaskFlow.Schema.Connections;
using TaskFlow.Schema.Dialects;

namespace TaskFlow.Schema.Tests;

/// <summary>Connections as users write them: every scheme goes to its engine's driver, nothing is guessed.</summary>
public sealed class ConnectionParserTests
{
    [TestCase("postgresql://u:p@db.example:6543/app", DatabaseEngine.PostgreSql)]
    [TestCase("postgres://u:p@db.example:6543/app", DatabaseEngine.PostgreSql)]
    [TestCase("postgresql+asyncpg://u:p@db.example:6543/app", DatabaseEngine.PostgreSql)]
    [TestCase("mysql://u:p@db.example:6543/app", DatabaseEngine.MySql)]
    [TestCase("mysql+aiomysql://u:p@db.example:6543/app", DatabaseEngine.MySql)]
    [TestCase("MariaDB://u:p@db.example:6543/app", DatabaseEngine.MySql)]
    public void Every_scheme_of_a_driver_means_its_engine(string url, DatabaseEngine engine)
    {
        var target = ConnectionParser.Parse(url);

        Assert.That(target.Engine, Is.EqualTo(engine));
        Assert.That(target.Database, Is.EqualTo("app"));
        Assert.That(target.Display, Is.EqualTo($"{DialectRegistry.Driver(engine).Name}://u@db.example:6543/app"));
        Assert.That(target.ConnectionString, Does.Contain("db.example").And.Contain("6543"));
    }

    [Test]
    public void The_schemes_accepted_are_exactly_those_the_drivers_declare()
    {
        foreach (var driver in DialectRegistry.Drivers)
            foreach (var scheme in driver.UrlSchemes)
                Assert.That(ConnectionParser.Parse($"{scheme}://u@h/d").Engine, Is.EqualTo(driver.Engine), scheme);
        Assert.That(DialectRegistry.Drivers.SelectMany(d => d.UrlSchemes), Is.Unique);
    }

    [TestCase("sqlite://u@h/d", "Unknown database URL scheme 'sqlite://'")]
    [TestCase("mssql://u:p@h/d", "Unknown database URL scheme 'mssql://'")]
    public void An_unknown_scheme_is_an_error_never_mysql(string url, string message)
    {
        var error = Assert.Throws<SchemaException>(() => ConnectionParser.Parse(url));
        Assert.That(error!.Message, Does.StartWith(message).And.Contain("postgresql://").And.Contain("mysql://"));
        Assert.That(error.Message, Does.Not.Contain(":p@"));
    }

    [TestCase("sqlserver")]
    [TestCase("")]
    public void An_unknown_engine_name_is_an_error_never_mysql(string engine)
    {
        var error = Assert.Throws<SchemaException>(() => ConnectionParser.Parse("Server=h;Database=d", engine));
        Assert.That(error!.Message, Is.EqualTo($"Unknown engine '{engine}': use postgres or mysql."));
    }

    [TestCase("postgresql://u:secret@h:5432", "postgresql://u@h:5432/DATABASE")]
    [TestCase("postgresql://u:secret@h:5432/", "postgresql://u@h:5432/DATABASE")]
    [TestCase("mysql://u:secret@h", "mysql://u@h/DATABASE")]
    public void A_url_without_a_database_asks_for_one(string url, string example)
    {
        var error = Assert.Throws<SchemaException>(() => ConnectionParser.Parse(url));
        Assert.That(error!.Message, Is.EqualTo($"The database URL names no database: add it to the path, as in {example}."));
    }

    [Test]
    public void A_server_for_shadow_databases_may_omit_the_database()
    {
        Assert.That(ConnectionParser.Parse("mysql://u:p@h:3306", requireDatabase: false).Database, Is.Empty);
    }

    [TestCase("Host=h;Username=u;Password=p;Database=app", "postgres", DatabaseEngine.PostgreSql, "postgresql://u@h:5432/app")]
    [TestCase("Server=h;User ID=u;Password=p;Database=app", "mariadb", DatabaseEngine.MySql, "mysql://u@h:3306/app")]
    public void A_plain_connection_string_goes_to_the_named_engines_driver(string value, string engine, DatabaseEngine expected, string display)
    {
        var target = ConnectionParser.Parse(value, engine);
        Assert.That((target.Engine, target.Display), Is.EqualTo((expected, display)));
    }

    [Test]
    public void A_plain_connection_string_needs_an_engine_and_a_database()
    {
        Assert.That(Assert.Throws<SchemaException>(() => ConnectionParser.Parse("Host=h;Database=d"))!.Message, Does.Contain("add --engine"));
        Assert.That(Assert.Throws<SchemaException>(() => ConnectionParser.Parse("Host=h;Username=u", "postgres"))!.Message,
            Is.EqualTo("The connection string names no database: add Database=NAME to it."));
    }

    [Test]
    public void An_invalid_plain_connection_string_is_named_without_its_password()
    {
        var error = Assert.Throws<SchemaException>(() => ConnectionParser.Parse("Host=h;Password=hunter2;Bogus Key=1;Database=d", "postgres"));
        Assert.That(error!.Message, Does.StartWith("The connection string is not a valid PostgreSql connection string"));
        Assert.That(error.Message, Does.Not.Contain("hunter2"));
    }

    [Test]
    public void An_engine_that_contradicts_the_scheme_is_refused()
    {
        var error = Assert.Throws<SchemaException>(() => ConnectionParser.Parse("mysql://u@h/d", "postgres"));
        Assert.That(error!.Message, Is.EqualTo("--engine postgres does not match the URL scheme 'mysql://'."));
    }

    [Test]
    public void Percent_encoded_parts_and_ssl_options_reach_the_driver()
    {
        var pg = ConnectionParser.Parse("postgresql://us%40er:p%3Ass@h/my%20db?sslmode=require");
        Assert.That(pg.Database, Is.EqualTo("my db"));
        Assert.That(pg.ConnectionString, Does.Contain("SSL Mode=Require").And.Contain("us@er"));
        var my = ConnectionParser.Parse("mysql://u@h/d?ssl-mode=required");
        Assert.That(my.ConnectionString, Does.Contain("SSL Mode=Required"));
        // caching_sha2_password without TLS: the mysql client's own option name, which lets the driver fetch the server's key.
        var plain = ConnectionParser.Parse("mysql://u@h/d?ssl-mode=disabled&get-server-public-key=true");
        Assert.That(plain.ConnectionString, Does.Contain("SSL Mode=None").And.Contain("Allow Public Key Retrieval=True"));
        Assert.That(Assert.Throws<SchemaException>(() => ConnectionParser.Parse("mysql://u@h/d?get-server-public-key=perhaps"))!.Message,
            Is.EqualTo("get-server-public-key must be true or false in the database URL, not 'perhaps'."));
        Assert.That(Assert.Throws<SchemaException>(() => ConnectionParser.Parse("postgresql://u@h/d?sslmode=maybe"))!.Message,
            Is.EqualTo("Unknown sslmode 'maybe' in the database URL."));
    }

    [Test]
    public void With_database_keeps_the_server_and_the_engine()
    {
        foreach (var url in new[] { "postgresql://u:p@h:1/a", "mysql://u:p@h:1/a" })
        {
            var other = ConnectionParser.Parse(url).WithDatabase("b");
            Assert.That(other.Database, Is.EqualTo("b"));
            Assert.That(other.Display, Does.EndWith("://u@h:1/b"));
        }
    }

    [TestCase("status postgresql://u:s3cr%3At@h:5432/x", "status postgresql://u:***@h:5432/x")]
    [TestCase("mysql+aiomysql://root:pw@db/app and more", "mysql+aiomysql://root:***@db/app and more")]
    [TestCase("Host=h;Password=hunter2;Database=d", "Host=h;Password=***;Database=d")]
    [TestCase("pwd = 'a b';", "pwd=***;")]
    public void Secrets_are_redacted_from_any_text(string text, string redacted)
    {
        Assert.That(Secrets.Redact(text), Is.EqualTo(redacted));
    }
}
