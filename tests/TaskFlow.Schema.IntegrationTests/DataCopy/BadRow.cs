using TaskFlow.Schema.IntegrationTests.Infrastructure;

namespace TaskFlow.Schema.IntegrationTests.DataCopy;

/// <summary>A row that cannot be copied, the SQL that writes it into a step-1 MariaDB source ({0} = its id), and what the copy must say.</summary>
public sealed record BadRow(string Name, string Sql, string Table, string Column, string Reason, string? ShownValue = null)
{
    /// <summary>Every bad row this run's MySQL server can hold (Oracle MySQL refuses to store a JSON number beyond a double).</summary>
    public static BadRow[] All => TestServers.MySqlIsMariaDb ? Every : Every.Where(b => b != BeyondNumeric).ToArray();

    /// <summary>A JSON number that PostgreSQL's numeric cannot hold; only MariaDB, which keeps JSON as text, stores it.</summary>
    public static readonly BadRow BeyondNumeric = new("JSON number beyond PostgreSQL's numeric",
        """INSERT INTO users (id, name, email, role, preferences) VALUES ({0}, 'n', 'e{0}@x', 'ADMIN', '{{"a": 1e131072}}')""",
        "users", "preferences", "out of the range of PostgreSQL's numeric");

    private static readonly BadRow[] Every =
    [
        new("NUL in text", "INSERT INTO requests (id, text) VALUES ({0}, CONCAT('a', CHAR(0), 'b'))", "requests", "text", "NUL", "a\\0b"),
        new("NUL in a JSON string", """INSERT INTO users (id, name, email, role, preferences) VALUES ({0}, 'n', 'e{0}@x', 'ADMIN', '{{"a": "x\\u0000y"}}')""",
            "users", "preferences", "\\u0000"),
        BeyondNumeric,
        new("zero date", "SET SESSION sql_mode = ''; INSERT INTO requests (id, text, due_date) VALUES ({0}, 't', '0000-00-00')",
            "requests", "due_date", "zero or partial date", "0000-00-00"),
        new("partial date", "SET SESSION sql_mode = ''; INSERT INTO requests (id, text, due_date) VALUES ({0}, 't', '2024-00-10')",
            "requests", "due_date", "zero or partial date", "2024-00-10"),
        // MariaDB guards JSON columns with CHECK (json_valid(...)); a LONGTEXT column simulates data written around that check.
        new("invalid JSON", """ALTER TABLE workflow_blocks MODIFY model_parameters LONGTEXT NULL; INSERT INTO workflow_blocks (id, workflow_id, name, prompt, order_index, model_parameters) VALUES ({0}, 1, 'b', 'p', 9, '{{"t": ')""",
            "workflow_blocks", "model_parameters", "invalid JSON"),
        new("enum ''", "SET SESSION sql_mode = ''; INSERT INTO users (id, name, email, role) VALUES ({0}, 'n', 'e{0}@x', 'NOT_A_ROLE')",
            "users", "role", "invalid-enum"),
        new("TINYINT(1) holding 2", "INSERT INTO workflows (id, name, is_default, created_by) VALUES ({0}, 'w', 2, 1)",
            "workflows", "is_default", "only 0 and 1", "2"),
        new("orphaned foreign key", "SET FOREIGN_KEY_CHECKS = 0; INSERT INTO ai_outputs (id, request_id) VALUES ({0}, 999999)",
            "ai_outputs", "request_id", "foreign key fk_ai_outputs_request_id", "999999"),
        // Bytes of a binary column that are not UTF-8: converting them on the server would have made them '?' without a word. (The ALTER
        // copies the table, which holds the zero dates of the rows above under quarantine: Oracle MySQL refuses them in strict mode.)
        new("bytes that are not UTF-8", "SET SESSION sql_mode = ''; ALTER TABLE requests MODIFY requester VARBINARY(256) NULL; INSERT INTO requests (id, text, requester) VALUES ({0}, 't', X'C328')",
            "requests", "requester", "is not valid UTF-8"),
        new("invalid UUID", "INSERT INTO requests (id, text) VALUES ({0}, 't'); INSERT INTO processing_jobs (id, request_id) VALUES ('not-a-uuid-{0}', {0})",
            "processing_jobs", "id", "not a UUID"),
    ];

    public string KeyFor(int id) => Column == "id" && Table == "processing_jobs" ? $"not-a-uuid-{id}" : id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => Name;
}
