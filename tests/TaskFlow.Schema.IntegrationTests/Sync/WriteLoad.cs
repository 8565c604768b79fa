using System.Globalization;
using MySqlConnector;

namespace TaskFlow.Schema.IntegrationTests.Sync;

/// <summary>
/// A bounded, repeatable write load on the source, as the application would write it: inserts in every table, updates
/// (NULL to a value and back), deletes, cascading deletes of workflows and requests, and primary-key updates; some
/// operations grouped in one transaction. Stops after <c>operations</c>, or at the first write the server refuses
/// because it became read-only (counted in <see cref="Refused"/>).
/// </summary>
public sealed class WriteLoad(string connectionString, int seed)
{
    private readonly Random _random = new(seed);
    private long _next = 1000;

    public int Done { get; private set; }

    public bool Refused { get; private set; }

    /// <summary>Runs until <paramref name="operations"/> are done, the server is read-only, or <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(int operations, TimeSpan pause, CancellationToken ct)
    {
        await using var my = new MySqlConnection(connectionString);
        await my.OpenAsync(ct);
        await Exec(my, "SET time_zone = '+00:00'");
        while (Done < operations && !ct.IsCancellationRequested)
        {
            try
            {
                await using var tx = await my.BeginTransactionAsync(ct);
                var steps = _random.Next(4) == 0 ? 3 : 1;
                for (var i = 0; i < steps; i++)
                    await OneAsync(my, tx);
                await tx.CommitAsync(ct);
                Done++;
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.OptionPreventsStatement)
            {
                Refused = true;
                return;
            }
            if (pause > TimeSpan.Zero)
                await Task.Delay(pause, ct);
        }
    }

    private async Task OneAsync(MySqlConnection my, MySqlTransaction tx)
    {
        var id = _next++;
        var s = id.ToString(CultureInfo.InvariantCulture);
        switch (_random.Next(12))
        {
            case 0:
                // A workflow with its blocks, an input, a dashboard config and a request pointing at it.
                await Exec(my, $"""
                    INSERT INTO workflows (id, name, description, status, is_default, created_by) VALUES ({s}, 'wf {s}', NULL, 'ACTIVE', 0, 10);
                    INSERT INTO workflow_blocks (id, workflow_id, name, prompt, order_index) VALUES ({s}, {s}, 'b', 'p {s} ✓', 0);
                    INSERT INTO workflow_block_inputs (id, block_id, input_type, variable_name) VALUES ({s}, {s}, 'REQUEST_TEXT', 'v');
                    INSERT INTO workflow_dashboard_configs (id, workflow_id, fields) VALUES ({s}, {s}, '[{"{"}"f": {s}{"}"}]');
                    INSERT INTO requests (id, text, workflow_id, assigned_analyst_id, due_date) VALUES ({s}, 'request {s}', {s}, 11, NULL);
                    """, tx);
                break;
            case 1:
                await Exec(my, $"INSERT INTO requests (id, text, requester, workflow_id, status) VALUES ({s}, 'req {s} 😀', 'r', 10, 'NEW')", tx);
                await Exec(my, $"INSERT INTO ai_outputs (id, request_id, summary, model_name, tokens_used) VALUES ({s}, {s}, 'topic {s}', 'gemma3:1b', {s})", tx);
                break;
            case 2:
                await Exec(my, $"INSERT INTO processing_jobs (id, request_id, workflow_id, status) SELECT '{Guid.NewGuid()}', id, workflow_id, 'RUNNING' FROM requests ORDER BY id DESC LIMIT 1", tx);
                break;
            case 3:
                // NULL to a value and back.
                await Exec(my, "UPDATE requests SET due_date = IF(due_date IS NULL, '2026-01-31', NULL), requester = IF(requester IS NULL, 'x', NULL) ORDER BY RAND() LIMIT 3", tx);
                break;
            case 4:
                await Exec(my, "UPDATE users SET preferences = IF(preferences IS NULL, '{\"n\": 1}', NULL) WHERE id IN (10, 11)", tx);
                await Exec(my, "UPDATE workflows SET description = IF(description IS NULL, 'described', NULL) ORDER BY RAND() LIMIT 2", tx);
                break;
            case 5:
                // A cascading delete: blocks, inputs, configs go with the workflow, requests and jobs keep NULL.
                await Exec(my, "DELETE FROM workflows WHERE id >= 1000 ORDER BY RAND() LIMIT 1", tx);
                break;
            case 6:
                // Cascades to ai_outputs, processing_jobs, custom_instructions, ground_truth_data.
                await Exec(my, "DELETE FROM requests WHERE id >= 1000 ORDER BY RAND() LIMIT 1", tx);
                break;
            case 7:
                // Primary-key updates of rows nothing references.
                await Exec(my, $"UPDATE ai_outputs SET id = {s} WHERE id >= 1000 AND id < {s} ORDER BY RAND() LIMIT 1", tx);
                await Exec(my, $"UPDATE processing_jobs SET id = '{Guid.NewGuid()}' ORDER BY RAND() LIMIT 1", tx);
                break;
            case 8:
                await Exec(my, $"UPDATE exercise_permissions SET id = {s}, permission_level = 'write' ORDER BY RAND() LIMIT 1", tx);
                break;
            case 9:
                await Exec(my, "UPDATE requests SET status = ELT(1 + FLOOR(RAND() * 4), 'NEW', 'IN_REVIEW', 'PENDING', 'CLOSED'), text = CONCAT(text, '.') ORDER BY RAND() LIMIT 2", tx);
                break;
            case 10:
                await Exec(my, "DELETE FROM ai_outputs ORDER BY RAND() LIMIT 1", tx);
                break;
            default:
                await Exec(my, $"INSERT INTO system_settings (id, `key`, value) VALUES ({s}, 'k{s}', '{{\"v\": {s}}}')", tx);
                await Exec(my, $"UPDATE system_settings SET value = '[true, null]' WHERE id = {s}", tx);
                break;
        }
    }

    private static async Task Exec(MySqlConnection my, string sql, MySqlTransaction? tx = null)
    {
        await using var command = new MySqlCommand(sql, my, tx);
        await command.ExecuteNonQueryAsync();
    }
}
