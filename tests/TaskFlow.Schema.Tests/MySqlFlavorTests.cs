using TaskFlow.Schema.Dialects.MySql;

namespace TaskFlow.Schema.Tests;

/// <summary>Column defaults as each MySQL server reports them, read in one spelling without losing what they say.</summary>
public sealed class MySqlFlavorTests
{
    [TestCase("'in_progress'", "'in_progress'")]
    [TestCase("'a_utf8mb4'", "'a_utf8mb4'")]
    [TestCase("current_timestamp()", "current_timestamp()")]
    public void MariaDB_defaults_keep_their_text(string reported, string read) =>
        Assert.That(MySqlFlavor.MariaDb.ColumnDefault(reported, "", nullable: true, "varchar(32)"), Is.EqualTo(read));

    [TestCase("in_progress", "", "varchar(32)", "'in_progress'")]
    [TestCase("it's", "", "varchar(32)", "'it''s'")]
    [TestCase("0", "", "tinyint(1)", "0")]
    [TestCase(null, "", "varchar(32)", "NULL")]
    [TestCase("_utf8mb4\\'{}\\'", "DEFAULT_GENERATED", "json", "'{}'")]
    [TestCase("_utf8mb3\\'{}\\'", "DEFAULT_GENERATED", "json", "'{}'")]
    [TestCase("_utf8mb4\\'in_progress\\'", "DEFAULT_GENERATED", "text", "'in_progress'")]
    [TestCase("CURRENT_TIMESTAMP", "DEFAULT_GENERATED on update CURRENT_TIMESTAMP", "timestamp", "current_timestamp()")]
    [TestCase("CURRENT_TIMESTAMP(6)", "DEFAULT_GENERATED", "timestamp(6)", "current_timestamp(6)")]
    [TestCase("curdate()", "DEFAULT_GENERATED", "date", "curdate()")]
    public void Oracle_MySQL_defaults_read_as_MariaDB_spells_them(string? reported, string extra, string type, string read) =>
        Assert.That(MySqlFlavor.Oracle.ColumnDefault(reported, extra, nullable: true, type), Is.EqualTo(read));

    [Test]
    public void Oracle_MySQL_extra_leaves_out_what_the_default_says() =>
        Assert.That(MySqlFlavor.Oracle.Extra("DEFAULT_GENERATED on update CURRENT_TIMESTAMP"), Is.EqualTo("on update current_timestamp()"));
}
