namespace TaskFlow.Schema.Tests;

/// <summary>
/// Databases in use recorded these checksums when the migrations were applied: every build must still recognise them,
/// or `validate` and `status` would call a shipped migration edited.
/// </summary>
public sealed class ShippedChecksumTests
{
    // What builds before tables took the database's collation recorded on MySQL (their committed init-complete.sql).
    private static readonly Dictionary<long, string> MySqlBeforeDatabaseCollation = new()
    {
        [202507210000] = "da0daf2b43646b0b5dc0f3d7b0c49f75e7d4471a9206fe6c08815974c280e1f4",
        [202508010000] = "c93d6ccedf470b6cfb9d85aaf9342d919d7e59068979afe4f6193f818dbd4a09",
        [202508050000] = "5ecc54ebb37f1219f584f82d52f35544855a4ed0e1f501ed8d50b895c232592e",
        [202508120000] = "d5fa49cf649156da1902ffed07c75db4ea7d5769a571937d84d80eafea6486ef",
        [202508200000] = "edb17af8a26bc0b58e8fe3cb81889150786180d8036b80877efbaf0fdc4e0128",
        [202508210000] = "3f6a932024a4e3fe1c2846cc39151cde63ee7cf57b83d13b97c653f253b8e8e4",
        [202509020000] = "0fac399f5c5f7d13c9a0891a85ad514596eda7be1fa0dccbce4f2814db351fb7",
        [202509100000] = "a2380eee1373589e32dab170e460fef66b91cef3915cdc9579adb2f8bbc77c07",
        [202509110000] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        [202509240000] = "2b1f93d4876c85405240f574836d680c576f7de6fec7484fae7e73c8bf39cc71",
        [202510010000] = "e54ad6bfa3137c8d3a09fd7ae16d44767c7876bc5954819b1c225467ff01ed7c",
        [202510150000] = "2cd29982baaefe5f302764a081ad59201df4219c34b11ff06e74eabdf8804b9a",
    };

    [Test]
    public void Every_checksum_MySQL_databases_recorded_before_tables_took_the_database_collation_is_still_recognised()
    {
        var migrations = Render.TaskFlow(Render.MySql).ToDictionary(m => m.Version);

        Assert.Multiple(() =>
        {
            foreach (var (version, checksum) in MySqlBeforeDatabaseCollation)
                Assert.That(migrations[version].Recognizes(checksum), Is.True, $"migration {version}");
        });
        Assert.That(migrations.Values.Where(m => m.EarlierChecksums.Count > 0).Select(m => m.Version),
            Is.EquivalentTo(MySqlBeforeDatabaseCollation.Where(kv => migrations[kv.Key].Checksum != kv.Value).Select(kv => kv.Key)),
            "only migrations that create a table were spelled otherwise");
    }

    [Test]
    public void A_checksum_of_another_migration_is_not_recognised()
    {
        var migrations = Render.TaskFlow(Render.MySql).ToDictionary(m => m.Version);
        Assert.That(migrations[202508010000].Recognizes(MySqlBeforeDatabaseCollation[202507210000]), Is.False);
        Assert.That(Render.TaskFlow(Render.PostgreSql).Sum(m => m.EarlierChecksums.Count), Is.Zero, "PostgreSQL's rendering never changed");
    }
}
