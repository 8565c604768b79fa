using TaskFlow.Schema.Dialects;
using TaskFlow.Schema.Running;

namespace TaskFlow.Schema.Tests;

/// <summary>What decides whether a statement commits together with the history row's progress note.</summary>
public sealed class StatementTextTests
{
    [TestCase("INSERT INTO t (a) VALUES ('x;y')", new[] { "INSERT" })]
    [TestCase("INSERT INTO a VALUES (1);INSERT INTO b VALUES ('it''s; -- no');", new[] { "INSERT", "INSERT" })]
    [TestCase("UPDATE `requests` SET `x` = (SELECT id FROM e WHERE n = 'a') WHERE 1 = 1", new[] { "UPDATE" })]
    [TestCase("-- only a comment\n/* and ; another */", new string[0])]
    [TestCase("/* lead */ CREATE INDEX i ON t (a); -- tail", new[] { "CREATE" })]
    [TestCase("INSERT INTO t VALUES ('a\\';'); ALTER TABLE t ADD c int", new[] { "INSERT", "ALTER" })]
    public void Leading_keywords_skip_comments_and_quoted_text(string sql, string[] keywords)
    {
        Assert.That(StatementText.LeadingKeywords(sql), Is.EqualTo(keywords));
    }

    [TestCase("INSERT INTO t VALUES (1);INSERT INTO t VALUES (2)", true)]
    [TestCase("UPDATE t SET a = 1", true)]
    [TestCase("-- nothing to run", true)]
    [TestCase("CREATE INDEX i ON t (a)", false)]
    [TestCase("INSERT INTO t VALUES (1); ALTER TABLE t ADD c int", false)]
    public void MySQL_shares_a_transaction_only_for_data_and_comment_only_statements(string sql, bool shares)
    {
        Assert.That(DialectRegistry.Driver(DatabaseEngine.MySql).SharesTransaction(StatementText.LeadingKeywords(sql)), Is.EqualTo(shares));
    }
}
