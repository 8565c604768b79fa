-- A few rows in every step-1 table, loaded into each adoption variant before baseline (a production database is not
-- empty): they must survive the renames, the later migrations and the copy to PostgreSQL.
SET NAMES utf8mb4;
INSERT INTO users (name, email, role, preferences) VALUES ('Ana Lyst', 'ana@example.org', 'SUPERVISOR', '{"theme": "dark", "tags": ["a", "ü"]}');
INSERT INTO workflows (name, description, status, is_default, created_by) VALUES ('Triage', 'First look at every request', 'ACTIVE', 1, 1), ('Archive', NULL, 'ARCHIVED', 0, 3);
INSERT INTO requests (`text`, requester, date_received, assigned_analyst_id, workflow_id, status, due_date)
VALUES ('Please review the contract — clause 7 ☃', 'legal@example.org', '2025-06-30', 3, 1, 'IN_REVIEW', '2025-07-15'),
       ('Second request', NULL, '2025-07-01', NULL, NULL, 'NEW', NULL);
INSERT INTO ai_outputs (request_id, version, summary, topic, sensitivity_score, redactions_json, model_name, tokens_used, duration_ms)
VALUES (1, 1, 'A contract review', 'legal', 0.75, '[{"start": 1, "end": 4}]', 'gemma3:1b', 512, 1200), (1, 2, 'Revised', 'legal', 0.50, NULL, 'gemma3:1b', 300, 900);
INSERT INTO processing_jobs (id, request_id, workflow_id, job_type, status, started_at, completed_at)
VALUES ('7b0c2f3e-1111-4c2a-9d7e-000000000001', 1, 1, 'WORKFLOW', 'COMPLETED', '2025-07-01 10:00:00', '2025-07-01 10:00:05'),
       ('7b0c2f3e-1111-4c2a-9d7e-000000000002', 2, NULL, 'STANDARD', 'FAILED', NULL, NULL);
INSERT INTO workflow_blocks (workflow_id, name, prompt, order_index, block_type, output_schema, model_parameters)
VALUES (1, 'Summarise', 'Summarise the request', 1, 'CORE', '{"type": "object"}', '{"temperature": 0.2}'), (1, 'Classify', 'Pick a topic', 2, 'CUSTOM', NULL, NULL);
INSERT INTO workflow_block_inputs (block_id, input_type, source_block_id, variable_name) VALUES (1, 'REQUEST_TEXT', NULL, 'text'), (2, 'BLOCK_OUTPUT', 1, 'summary');
INSERT INTO workflow_dashboard_configs (workflow_id, fields, layout) VALUES (1, '["summary", "topic"]', 'list');
INSERT INTO custom_instructions (request_id, workflow_block_id, instruction_text, created_by, is_active) VALUES (1, 2, 'Prefer legal topics', 3, 1);
INSERT INTO ground_truth_data (request_id, workflow_block_id, field_path, ai_value, ground_truth_value, created_by, notes)
VALUES (1, 2, 'topic', '"legal"', '"contracts"', 3, 'close enough');
