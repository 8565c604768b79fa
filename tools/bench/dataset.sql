-- Synthetic TaskFlow data at step 1 (202507210000), generated inside the MySQL server (MariaDB or Oracle
-- MySQL) so that no row crosses the client connection. Rows are numbered by seq_1_to_{N}, MariaDB's
-- Sequence-engine tables in name, which load_dataset (source-server.sh) reads from a numbers table on
-- both servers; JSON_UNQUOTE(JSON_EXTRACT()) because Oracle MySQL's JSON_VALUE takes only a literal
-- path. copy-bench.sh replaces the {PLACEHOLDERS}
-- with row counts for the chosen scale and runs this against a database `up` has just created
-- (which already holds the seed rows: users 1-2, workflow 1, blocks 1-2, inputs 1-2, dashboard 1).
--
-- Deterministic: every value derives from the row number, except processing_jobs.id (UUID()).
-- Text mixes plain ASCII, accented Latin, CJK and 4-byte emoji; JSON columns hold objects of a few
-- hundred bytes; enums cycle through all their values; nullable columns are NULL on some rows.
-- TIMESTAMP columns hold whole seconds (the production columns are TIMESTAMP(0)).

SET SESSION time_zone = '+00:00';
SET SESSION foreign_key_checks = 0;
SET SESSION unique_checks = 0;

-- 24 sentences (no double quotes or backslashes: they are also embedded in JSON strings).
SET @s = JSON_ARRAY(
  'The client reports that the quarterly invoice was sent twice and asks for a correction before Friday.',
  'Please summarise the attached complaint about delayed deliveries in the northern region 🚚.',
  'Our analyst flagged the message because it mentions a data protection request under GDPR.',
  'Der Kunde möchte wissen, warum die Rückerstattung für Bestellung 4711 noch nicht gebucht wurde.',
  'La cliente señala que el técnico llegó tarde y que el problema de conexión sigue sin resolverse.',
  'Request for an urgent review of the contract renewal terms; legal wants an answer this week ✅.',
  'The sensor logs show intermittent failures between 02:00 and 04:00 UTC on three consecutive nights.',
  '顧客は請求書の金額が契約と異なると報告しています。確認をお願いします。',
  'Escalated by the support lead: the customer threatened to cancel if nobody calls back today 😡.',
  'Forwarded from the public inbox; the sender asks how to export all of their personal data 📦.',
  'Meeting notes: agreed to pilot the new workflow with five analysts and review results in May.',
  'The complaint concerns a billing address that was changed without the account owner consenting.',
  'Le fournisseur confirme la livraison partielle et propose un avoir pour les articles manquants.',
  'Follow-up on ticket 88231: the workaround helped, but the nightly import still skips some rows.',
  'A journalist requests comment on the outage of 14 March; route to communications before replying 📰.',
  'Internal audit asks for the list of users who accessed the archive between January and March.',
  'Customer praises the quick response 🎉 and suggests adding a dark mode to the mobile application.',
  'The request contains an IBAN and a phone number that must be redacted before it is shared.',
  'Два клиента сообщили об одинаковой ошибке при оплате картой через мобильное приложение.',
  'Translation needed: the attached letter is written in Portuguese and concerns a warranty claim.',
  'The supplier invoice total does not match the purchase order; difference of 1,245.50 EUR.',
  'Reminder: the retention policy requires deleting closed requests older than seven years 🗂️.',
  'Analyst note — sentiment is negative, topic is billing, priority should probably be high.',
  'Nothing actionable here; the sender only confirms receipt of the previous answer, thanks 👍.');
SET @nsent = 24;

-- Users beyond the two seed rows.
INSERT INTO users (id, name, email, role, preferences, created_at)
SELECT seq + 2,
       CONCAT('Analyst ', seq),
       CONCAT('analyst', seq, '@taskflow.example'),
       ELT(1 + seq % 3, 'ANALYST', 'SUPERVISOR', 'ADMIN'),
       IF(seq % 7 = 0, NULL, CONCAT(
         '{"theme": "', ELT(1 + seq % 3, 'light', 'dark', 'system'), '", "language": "', ELT(1 + seq % 4, 'en', 'de', 'es', 'ja'),
         '", "timezone": "', ELT(1 + seq % 3, 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'),
         '", "notifications": {"email": ', IF(seq % 2, 'true', 'false'), ', "digest": "', ELT(1 + seq % 3, 'daily', 'weekly', 'never'),
         '", "mentions": true}, "dashboard": {"columns": ["status", "due_date", "requester", "workflow"], "page_size": ', 25 * (1 + seq % 4),
         '}, "signature": "', JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', seq % @nsent, ']'))), '"}')),
       FROM_UNIXTIME(1640995200 + (seq * 7919) % 31536000)
FROM seq_1_to_{N_USERS};

-- Workflows beyond the seed workflow 1.
INSERT INTO workflows (id, name, description, status, is_default, created_by, created_at, updated_at)
SELECT seq + 1,
       CONCAT('Workflow ', seq),
       CONCAT('Generated workflow ', seq, ': ', JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', seq % @nsent, ']')))),
       ELT(1 + seq % 3, 'DRAFT', 'ACTIVE', 'ARCHIVED'),
       0,
       1 + seq % ({N_USERS} + 2),
       FROM_UNIXTIME(1656633600 + (seq * 104729) % 15552000),
       FROM_UNIXTIME(1672531200 + (seq * 104729) % 15552000)
FROM seq_1_to_{N_WORKFLOWS};

-- Four blocks per generated workflow (ids 3..), then one input per block.
INSERT INTO workflow_blocks (id, workflow_id, name, prompt, order_index, block_type, output_schema, model_name, model_parameters, created_at, updated_at)
SELECT seq + 2,
       2 + (seq - 1) DIV 4,
       ELT(1 + (seq - 1) % 4, 'Summarize Text', 'Extract Tag', 'Classify Sensitivity', 'Draft Reply'),
       CONCAT(ELT(1 + (seq - 1) % 4, 'Summarize the following text in 1-3 sentences:', 'Give a 1-3 word tag that describes this summary:',
                  'Rate the sensitivity of this request from 0 to 1 and list personal data found:', 'Draft a polite reply to the requester:'),
              '\n\n{input_1}\n\nRules: be concise, keep names, never invent facts. ', JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', seq % @nsent, ']')))),
       (seq - 1) % 4,
       ELT(1 + seq % 2, 'CORE', 'CUSTOM'),
       CONCAT('{"type": "object", "properties": {"', ELT(1 + (seq - 1) % 4, 'summary', 'tag', 'score', 'reply'),
              '": {"type": "string", "maxLength": ', 200 + seq % 800, '}, "confidence": {"type": "number", "minimum": 0, "maximum": 1}}, "required": ["',
              ELT(1 + (seq - 1) % 4, 'summary', 'tag', 'score', 'reply'), '"]}'),
       ELT(1 + seq % 3, 'gemma3:1b', 'llama3.1:8b', 'qwen2.5:7b'),
       IF(seq % 5 = 0, NULL, CONCAT('{"temperature": ', (seq % 10) / 10, ', "top_p": 0.9, "max_tokens": ', 256 * (1 + seq % 4), ', "stop": ["\\n\\n"]}')),
       FROM_UNIXTIME(1656633600 + (seq * 7919) % 15552000),
       FROM_UNIXTIME(1672531200 + (seq * 7919) % 15552000)
FROM seq_1_to_{N_BLOCKS};

INSERT INTO workflow_block_inputs (id, block_id, input_type, source_block_id, variable_name, created_at)
SELECT seq + 2,
       seq + 2,
       IF((seq - 1) % 4 = 0, 'REQUEST_TEXT', 'BLOCK_OUTPUT'),
       IF((seq - 1) % 4 = 0, NULL, seq + 1),
       IF((seq - 1) % 4 = 0, 'input_1', ELT((seq - 1) % 4, 'summary', 'tag', 'score')),
       FROM_UNIXTIME(1656633600 + (seq * 7919) % 15552000)
FROM seq_1_to_{N_BLOCKS};

INSERT INTO workflow_dashboard_configs (id, workflow_id, fields, layout, created_at, updated_at)
SELECT seq + 1,
       seq + 1,
       CONCAT('[{"block": "Extract Tag", "field": "tag", "display": "badge"}, {"block": "Summarize Text", "field": "summary", "display": "text"}, ',
              '{"block": "Classify Sensitivity", "field": "score", "display": "gauge", "thresholds": [0.3, 0.7]}, {"block": "Draft Reply", "field": "reply", "display": "', ELT(1 + seq % 2, 'text', 'markdown'), '"}]'),
       ELT(1 + seq % 2, 'grid', 'list'),
       FROM_UNIXTIME(1656633600 + (seq * 7919) % 15552000),
       FROM_UNIXTIME(1672531200 + (seq * 7919) % 15552000)
FROM seq_1_to_{N_WORKFLOWS};

-- Requests: 3 to 27 sentences (a few hundred bytes to a few KB); every 500th row is ~25 KB.
INSERT INTO requests (id, text, requester, date_received, assigned_analyst_id, workflow_id, status, due_date, created_at, updated_at)
SELECT seq,
       CONCAT_WS(' ',
         JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', seq % @nsent, ']'))),
         JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', (seq DIV @nsent) % @nsent, ']'))),
         REPEAT(CONCAT(JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', (seq * 7) % @nsent, ']'))), ' ', JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', (seq * 13 + 5) % @nsent, ']'))), '\n'),
                IF(seq % 500 = 0, 120, (seq * 31) % 13)),
         CONCAT('Reference ', seq, '.')),
       IF(seq % 11 = 0, NULL, CONCAT(ELT(1 + seq % 5, 'Jane Doe', 'Jürgen Müller', 'María García', '山田太郎', 'Olivia Smith'), ' <requester', seq % 5000, '@mail.example>')),
       DATE(FROM_UNIXTIME(1672531200 + (seq * 7919) % 78840000)),
       IF(seq % 6 = 0, NULL, 1 + seq % ({N_USERS} + 2)),
       IF(seq % 9 = 0, NULL, 1 + seq % ({N_WORKFLOWS} + 1)),
       ELT(1 + seq % 4, 'NEW', 'IN_REVIEW', 'PENDING', 'CLOSED'),
       IF(seq % 3 = 0, NULL, DATE(FROM_UNIXTIME(1672531200 + (seq * 7919) % 78840000 + 86400 * (seq % 30)))),
       FROM_UNIXTIME(1672531200 + (seq * 7919) % 78840000),
       FROM_UNIXTIME(1672531200 + (seq * 7919) % 78840000 + (seq % 86400))
FROM seq_1_to_{N_REQUESTS};

INSERT INTO ai_outputs (id, request_id, version, summary, topic, sensitivity_score, redactions_json, custom_instructions, model_name, tokens_used, duration_ms, created_at)
SELECT seq,
       1 + (seq * 7) % {N_REQUESTS},
       1 + seq % 3,
       CONCAT('{"Summarize Text": {"summary": "', JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', (seq * 5) % @nsent, ']'))), ' ', JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', (seq * 11) % @nsent, ']'))),
              '"}, "Extract Tag": {"tag": "', ELT(1 + seq % 6, 'billing', 'delivery', 'privacy', 'contract', 'outage', 'feedback'),
              '"}, "Classify Sensitivity": {"score": "', (seq % 100) / 100, '"}}'),
       ELT(1 + seq % 6, 'billing', 'delivery', 'privacy', 'contract', 'outage', 'feedback'),
       IF(seq % 10 = 0, NULL, (seq % 101) / 100),
       IF(seq % 4 = 0, NULL, CONCAT('{"redactions": [{"start": ', seq % 400, ', "end": ', seq % 400 + 22, ', "type": "EMAIL", "replacement": "[REDACTED EMAIL]"}, ',
              '{"start": ', seq % 400 + 40, ', "end": ', seq % 400 + 57, ', "type": "PHONE", "replacement": "[REDACTED PHONE]"}, ',
              '{"start": ', seq % 400 + 90, ', "end": ', seq % 400 + 117, ', "type": "IBAN", "replacement": "[REDACTED IBAN]"}], "policy": "pii-v2", "reviewed": ',
              IF(seq % 2, 'true', 'false'), ', "reviewer_id": ', 1 + seq % 50, '}')),
       IF(seq % 5 = 0, CONCAT('Focus on ', ELT(1 + seq % 3, 'the amounts', 'the dates', 'the people'), '. ', JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', (seq * 3) % @nsent, ']')))), NULL),
       ELT(1 + seq % 3, 'gemma3:1b', 'llama3.1:8b', 'qwen2.5:7b'),
       IF(seq % 13 = 0, NULL, 100 + (seq * 37) % 4000),
       IF(seq % 13 = 0, NULL, 200 + (seq * 53) % 30000),
       FROM_UNIXTIME(1672531200 + (seq * 6007) % 78840000)
FROM seq_1_to_{N_AI_OUTPUTS};

INSERT INTO processing_jobs (id, request_id, workflow_id, job_type, status, custom_instructions, error_message, started_at, completed_at, created_at)
SELECT UUID(),
       1 + (seq * 13) % {N_REQUESTS},
       IF(seq % 8 = 0, NULL, 1 + seq % ({N_WORKFLOWS} + 1)),
       ELT(1 + seq % 3, 'STANDARD', 'CUSTOM', 'WORKFLOW'),
       ELT(1 + seq % 4, 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED'),
       IF(seq % 6 = 0, JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', (seq * 17) % @nsent, ']'))), NULL),
       IF(seq % 4 = 3, CONCAT('Model call failed after 3 retries: timeout after ', 30 + seq % 90, 's (block ', 1 + seq % 4, ')'), NULL),
       IF(seq % 4 = 0, NULL, FROM_UNIXTIME(1672531200 + (seq * 4001) % 78840000 + 5)),
       IF(seq % 4 IN (2, 3), FROM_UNIXTIME(1672531200 + (seq * 4001) % 78840000 + 5 + seq % 600), NULL),
       FROM_UNIXTIME(1672531200 + (seq * 4001) % 78840000)
FROM seq_1_to_{N_JOBS};

-- One instruction per (request, block) pair: request i, block 1 + i mod blocks.
INSERT INTO custom_instructions (id, request_id, workflow_block_id, instruction_text, created_by, created_at, updated_at, is_active)
SELECT seq,
       seq,
       1 + seq % ({N_BLOCKS} + 2),
       CONCAT('When processing this request, ', ELT(1 + seq % 4, 'ignore the signature block', 'keep amounts exact', 'answer in the requester''s language', 'flag any personal data'),
              '. ', JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', (seq * 19) % @nsent, ']')))),
       IF(seq % 10 = 0, NULL, 1 + seq % ({N_USERS} + 2)),
       FROM_UNIXTIME(1672531200 + (seq * 7919) % 78840000),
       FROM_UNIXTIME(1672531200 + (seq * 7919) % 78840000 + 3600),
       seq % 2
FROM seq_1_to_{N_CUSTOM_INSTRUCTIONS};

INSERT INTO ground_truth_data (id, request_id, workflow_block_id, field_path, ai_value, ground_truth_value, created_by, created_at, updated_at, notes)
SELECT seq,
       seq,
       1 + (seq * 3) % ({N_BLOCKS} + 2),
       ELT(1 + seq % 4, 'summary', 'tag', 'entities[0].name', 'sensitivity.score'),
       IF(seq % 5 = 0, NULL, CONCAT('{"value": "', JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', (seq * 7) % @nsent, ']'))), '", "confidence": ', (seq % 100) / 100, ', "model": "gemma3:1b"}')),
       CONCAT('{"value": "', JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', (seq * 23) % @nsent, ']'))), '", "corrected": ', IF(seq % 3, 'true', 'false'),
              ', "labels": ["', ELT(1 + seq % 6, 'billing', 'delivery', 'privacy', 'contract', 'outage', 'feedback'), '", "reviewed"], "reviewer": {"id": ', 1 + seq % 50, ', "team": "qa"}}'),
       1 + seq % ({N_USERS} + 2),
       FROM_UNIXTIME(1672531200 + (seq * 7919) % 78840000),
       FROM_UNIXTIME(1672531200 + (seq * 7919) % 78840000 + 7200),
       IF(seq % 3 = 0, CONCAT('Reviewer note: ', JSON_UNQUOTE(JSON_EXTRACT(@s, CONCAT('$[', (seq * 29) % @nsent, ']')))), NULL)
FROM seq_1_to_{N_GROUND_TRUTH};
