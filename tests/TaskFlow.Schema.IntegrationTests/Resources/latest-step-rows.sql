-- Realistic rows in every table of the latest step (202510150000), on top of the migrations' seed rows.
-- MariaDB/MySQL syntax; ids chosen above the seed rows'. Used by the copy and sync tests.
SET NAMES utf8mb4;
INSERT INTO users (id, name, email, role, preferences, created_at) VALUES
  (10, 'Zoë Analyst 😀', 'zoe@example.org', 'ANALYST', '{"theme": "dark", "page_size": 50, "pinned": [1, 2.50, "x"]}', '2025-03-04 05:06:07'),
  (11, 'Sam Supervisor', 'sam@example.org', 'SUPERVISOR', NULL, '2025-03-05 08:00:00'),
  (12, 'Ada Admin', 'ada@example.org', 'ADMIN', '{}', '2025-03-06 09:30:00');
INSERT INTO workflows (id, name, description, status, is_default, created_by, created_at, updated_at) VALUES
  (10, 'FOIA triage', 'Sort incoming requests by topic', 'ACTIVE', 0, 12, '2025-04-01 10:00:00', '2025-04-02 11:00:00'),
  (11, 'Draft', NULL, 'DRAFT', 0, 11, '2025-04-03 10:00:00', '2025-04-03 10:00:00');
INSERT INTO exercises (id, name, description, is_active, created_by, is_default) VALUES
  (10, 'Spring review', 'Quarterly review of open requests', 1, 11, 0),
  (11, 'Archived drill', NULL, 0, NULL, 0);
INSERT INTO requests (id, text, requester, date_received, assigned_analyst_id, workflow_id, status, due_date, exercise_id, embedding_status, created_at, updated_at) VALUES
  (100, 'Please send all records about the bridge repair 🌉', 'Jane Doe', '2025-05-01', 10, 10, 'IN_REVIEW', '2025-06-01', 10, 'COMPLETED', '2025-05-01 12:00:00', '2025-05-02 12:00:00'),
  (101, 'Emails between the mayor and the contractor', NULL, '2025-05-02', NULL, NULL, 'NEW', NULL, NULL, 'PENDING', '2025-05-02 13:00:00', '2025-05-02 13:00:00'),
  (102, 'Budget line items, "capital" fund\n(2024)', 'O''Brien', '2024-02-29', 10, 10, 'CLOSED', '2024-03-29', 11, 'FAILED', '2024-02-29 23:59:59', '2024-03-01 00:00:00');
INSERT INTO workflow_blocks (id, workflow_id, name, prompt, order_index, block_type, output_schema, model_name, model_parameters, system_prompt) VALUES
  (10, 10, 'Classify', 'Classify this request:\n\n{input_1}', 0, 'CORE', '{"type": "object", "properties": {"topic": {"type": "string"}}}', 'gemma3:1b', '{"temperature": 0.2, "top_p": 0.95}', 'You are a records clerk.'),
  (11, 10, 'Route', 'Route to a department: {topic}', 1, 'CUSTOM', NULL, 'llama3:8b', NULL, NULL);
INSERT INTO workflow_block_inputs (id, block_id, input_type, source_block_id, variable_name) VALUES
  (10, 10, 'REQUEST_TEXT', NULL, 'input_1'),
  (11, 11, 'BLOCK_OUTPUT', 10, 'topic');
INSERT INTO workflow_dashboard_configs (id, workflow_id, fields, layout) VALUES
  (10, 10, '[{"block": "Classify", "field": "topic", "display": "badge"}]', 'list');
INSERT INTO ai_outputs (id, request_id, version, summary, model_name, tokens_used, duration_ms, created_at) VALUES
  (10, 100, 1, '{"Classify": {"topic": "infrastructure"}}', 'gemma3:1b', 512, 1234, '2025-05-01 12:01:00'),
  (11, 100, 2, '{"Classify": {"topic": "transport"}, "Route": "Public works"}', 'gemma3:1b', 2147483647, -2147483648, '2025-05-01 12:02:00'),
  (12, 102, 1, NULL, NULL, NULL, NULL, '2024-03-01 00:00:00');
INSERT INTO processing_jobs (id, request_id, workflow_id, job_type, status, custom_instructions, error_message, started_at, completed_at, retry_count) VALUES
  ('0f8fad5b-d9cb-469f-a165-70867728950e', 100, 10, 'WORKFLOW', 'COMPLETED', NULL, NULL, '2025-05-01 12:00:30', '2025-05-01 12:02:00', 0),
  ('7C9E6679-7425-40DE-944B-E07FC1F90AE7', 102, NULL, 'BULK_EMBEDDING', 'FAILED', 'Only the summary', 'timeout after 30 s', '2024-03-01 00:00:01', NULL, 3),
  ('a3bb189e-8bf9-3888-9912-ace4e6543002', 101, 10, 'EMBEDDING', 'PENDING', NULL, NULL, NULL, NULL, NULL);
INSERT INTO custom_instructions (id, request_id, workflow_block_id, instruction_text, created_by, is_active) VALUES
  (10, 100, 10, 'Ignore attachments', 11, 1),
  (11, 102, 11, 'Route to finance', NULL, 0);
INSERT INTO ground_truth_data (id, request_id, workflow_block_id, field_path, ai_value, ground_truth_value, created_by, notes) VALUES
  (10, 100, 10, 'topic', '"transport"', '"infrastructure"', 11, 'AI picked the wrong topic'),
  (11, 102, 10, 'topic', NULL, '{"primary": "finance", "confidence": 1.0}', 10, NULL);
INSERT INTO exercise_permissions (id, exercise_id, user_id, permission_level) VALUES
  (10, 10, 10, 'write'),
  (11, 10, 11, 'admin'),
  (12, 11, 10, 'read');
INSERT INTO system_settings (id, `key`, value, description) VALUES
  (100, 'max_upload_mb', '25', 'Largest attachment accepted'),
  (101, 'retention', '{"days": 365, "legal_hold": false}', NULL);
INSERT INTO workflow_embedding_configs (id, workflow_id, enabled, embedding_template) VALUES
  (10, 10, 1, '{{request.text}} {{outputs.Classify.topic}}');
INSERT INTO workflow_similarity_configs (id, workflow_id, fields) VALUES
  (10, 10, '[{"block": "Classify", "field": "topic", "weight": 0.7}]');
INSERT INTO webhooks (id, name, url, description, events, headers, is_active, secret_token, retry_count, timeout_seconds, created_by, last_triggered_at) VALUES
  (10, 'Records system', 'https://records.example.org/hooks/taskflow', 'Pushes closed requests', '["request.closed", "request.created"]', '{"X-Team": "records"}', 1, 's3cr3t', 5, 10, 12, '2025-05-02 12:00:00'),
  (11, 'Chat alerts', 'https://chat.example.org/in/abc', NULL, '["job.failed", "naïve \\"quoted\\" ☃"]', NULL, 0, NULL, 3, 30, NULL, NULL),
  (12, 'Empty events', 'https://x.example.org/', NULL, '[]', '{}', 1, NULL, 0, 1, 10, NULL);
INSERT INTO webhook_deliveries (id, webhook_id, event_type, event_data, status, attempts, response_status, response_body, error_message, delivered_at) VALUES
  (10, 10, 'request.closed', '{"request_id": 102, "status": "CLOSED"}', 'success', 1, 200, 'ok', NULL, '2025-05-02 12:00:01'),
  (11, 11, 'job.failed', '{"job": "7c9e6679-7425-40de-944b-e07fc1f90ae7"}', 'failed', 3, 502, NULL, 'Bad gateway', NULL),
  (12, NULL, 'request.created', '{"request_id": 101}', 'pending', 0, NULL, NULL, NULL, NULL);
