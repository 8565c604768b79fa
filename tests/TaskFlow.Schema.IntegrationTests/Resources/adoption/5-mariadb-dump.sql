-- Step-1 schema as mariadb-dump prints it (the database of 3-implicit-fk-indexes.sql dumped and restored):
-- backquotes, longtext + CHECK (json_valid(...)) for JSON, current_timestamp(), curdate(), display widths, the
-- view created through a placeholder table. The dump's DEFINER clause is left out so that any user can load it.

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;
DROP TABLE IF EXISTS `ai_outputs`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `ai_outputs` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `request_id` bigint(20) NOT NULL,
  `version` int(11) NOT NULL DEFAULT 1,
  `summary` text DEFAULT NULL,
  `topic` varchar(128) DEFAULT NULL,
  `sensitivity_score` decimal(3,2) DEFAULT NULL,
  `redactions_json` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`redactions_json`)),
  `custom_instructions` text DEFAULT NULL,
  `model_name` varchar(64) DEFAULT NULL,
  `tokens_used` int(11) DEFAULT NULL,
  `duration_ms` int(11) DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`),
  KEY `ai_outputs_request_version` (`request_id`,`version`),
  KEY `ai_outputs_request` (`request_id`),
  CONSTRAINT `ai_outputs_request_fk` FOREIGN KEY (`request_id`) REFERENCES `requests` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES `ai_outputs` WRITE;
/*!40000 ALTER TABLE `ai_outputs` DISABLE KEYS */;
/*!40000 ALTER TABLE `ai_outputs` ENABLE KEYS */;
UNLOCK TABLES;
DROP TABLE IF EXISTS `custom_instructions`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `custom_instructions` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `request_id` bigint(20) NOT NULL,
  `workflow_block_id` bigint(20) NOT NULL,
  `instruction_text` text NOT NULL,
  `created_by` bigint(20) DEFAULT 1,
  `created_at` timestamp NULL DEFAULT current_timestamp(),
  `updated_at` timestamp NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  `is_active` tinyint(1) DEFAULT 1,
  PRIMARY KEY (`id`),
  UNIQUE KEY `custom_instructions_request_block_uq` (`request_id`,`workflow_block_id`),
  KEY `custom_instructions_request` (`request_id`),
  KEY `custom_instructions_active` (`is_active`),
  KEY `custom_instructions_block_fk` (`workflow_block_id`),
  KEY `custom_instructions_creator_fk` (`created_by`),
  CONSTRAINT `custom_instructions_block_fk` FOREIGN KEY (`workflow_block_id`) REFERENCES `workflow_blocks` (`id`) ON DELETE CASCADE,
  CONSTRAINT `custom_instructions_creator_fk` FOREIGN KEY (`created_by`) REFERENCES `users` (`id`) ON DELETE SET NULL,
  CONSTRAINT `custom_instructions_request_fk` FOREIGN KEY (`request_id`) REFERENCES `requests` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES `custom_instructions` WRITE;
/*!40000 ALTER TABLE `custom_instructions` DISABLE KEYS */;
/*!40000 ALTER TABLE `custom_instructions` ENABLE KEYS */;
UNLOCK TABLES;
DROP TABLE IF EXISTS `ground_truth_data`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `ground_truth_data` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `request_id` bigint(20) NOT NULL,
  `workflow_block_id` bigint(20) NOT NULL,
  `field_path` varchar(255) NOT NULL,
  `ai_value` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`ai_value`)),
  `ground_truth_value` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (json_valid(`ground_truth_value`)),
  `created_by` bigint(20) NOT NULL,
  `created_at` timestamp NULL DEFAULT current_timestamp(),
  `updated_at` timestamp NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  `notes` text DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `ground_truth_request_block_field_uq` (`request_id`,`workflow_block_id`,`field_path`),
  KEY `ground_truth_request` (`request_id`),
  KEY `ground_truth_field` (`field_path`),
  KEY `ground_truth_block_fk` (`workflow_block_id`),
  KEY `ground_truth_creator_fk` (`created_by`),
  CONSTRAINT `ground_truth_block_fk` FOREIGN KEY (`workflow_block_id`) REFERENCES `workflow_blocks` (`id`) ON DELETE CASCADE,
  CONSTRAINT `ground_truth_creator_fk` FOREIGN KEY (`created_by`) REFERENCES `users` (`id`) ON DELETE CASCADE,
  CONSTRAINT `ground_truth_request_fk` FOREIGN KEY (`request_id`) REFERENCES `requests` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES `ground_truth_data` WRITE;
/*!40000 ALTER TABLE `ground_truth_data` DISABLE KEYS */;
/*!40000 ALTER TABLE `ground_truth_data` ENABLE KEYS */;
UNLOCK TABLES;
DROP TABLE IF EXISTS `ground_truth_with_context`;
/*!50001 DROP VIEW IF EXISTS `ground_truth_with_context`*/;
SET @saved_cs_client     = @@character_set_client;
SET character_set_client = utf8mb4;
/*!50001 CREATE VIEW `ground_truth_with_context` AS SELECT
 NULL AS `id`,
 NULL AS `request_id`,
 NULL AS `workflow_block_id`,
 NULL AS `field_path`,
 NULL AS `ai_value`,
 NULL AS `ground_truth_value`,
 NULL AS `notes`,
 NULL AS `created_by`,
 NULL AS `created_at`,
 NULL AS `updated_at`,
 NULL AS `request_text`,
 NULL AS `block_name`,
 NULL AS `block_prompt`,
 NULL AS `created_by_name` */;
SET character_set_client = @saved_cs_client;
DROP TABLE IF EXISTS `processing_jobs`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `processing_jobs` (
  `id` varchar(36) NOT NULL,
  `request_id` bigint(20) NOT NULL,
  `workflow_id` bigint(20) DEFAULT NULL,
  `job_type` enum('STANDARD','CUSTOM','WORKFLOW') DEFAULT 'WORKFLOW',
  `status` enum('PENDING','RUNNING','COMPLETED','FAILED') DEFAULT 'PENDING',
  `custom_instructions` text DEFAULT NULL,
  `error_message` text DEFAULT NULL,
  `started_at` timestamp NULL DEFAULT NULL,
  `completed_at` timestamp NULL DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`),
  KEY `processing_jobs_status_created` (`status`,`created_at`),
  KEY `processing_jobs_request_fk` (`request_id`),
  KEY `processing_jobs_workflow_fk` (`workflow_id`),
  CONSTRAINT `processing_jobs_request_fk` FOREIGN KEY (`request_id`) REFERENCES `requests` (`id`) ON DELETE CASCADE,
  CONSTRAINT `processing_jobs_workflow_fk` FOREIGN KEY (`workflow_id`) REFERENCES `workflows` (`id`) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES `processing_jobs` WRITE;
/*!40000 ALTER TABLE `processing_jobs` DISABLE KEYS */;
/*!40000 ALTER TABLE `processing_jobs` ENABLE KEYS */;
UNLOCK TABLES;
DROP TABLE IF EXISTS `requests`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `requests` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `text` mediumtext NOT NULL COMMENT 'full request text',
  `requester` varchar(256) DEFAULT NULL,
  `date_received` date DEFAULT curdate(),
  `assigned_analyst_id` bigint(20) DEFAULT NULL,
  `workflow_id` bigint(20) DEFAULT NULL,
  `status` enum('NEW','IN_REVIEW','PENDING','CLOSED') DEFAULT 'NEW',
  `due_date` date DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT current_timestamp(),
  `updated_at` timestamp NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (`id`),
  KEY `requests_analyst_status` (`assigned_analyst_id`,`status`),
  KEY `requests_status_received` (`status`,`date_received`),
  KEY `requests_due` (`due_date`),
  KEY `requests_workflow_fk` (`workflow_id`),
  CONSTRAINT `requests_analyst_fk` FOREIGN KEY (`assigned_analyst_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
  CONSTRAINT `requests_workflow_fk` FOREIGN KEY (`workflow_id`) REFERENCES `workflows` (`id`) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES `requests` WRITE;
/*!40000 ALTER TABLE `requests` DISABLE KEYS */;
/*!40000 ALTER TABLE `requests` ENABLE KEYS */;
UNLOCK TABLES;
DROP TABLE IF EXISTS `users`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `users` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
  `name` varchar(128) NOT NULL,
  `email` varchar(256) NOT NULL,
  `role` enum('ANALYST','SUPERVISOR','ADMIN') NOT NULL,
  `preferences` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`preferences`)),
  `created_at` timestamp NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`),
  UNIQUE KEY `users_email_uq` (`email`)
) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='people who log in';
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES `users` WRITE;
/*!40000 ALTER TABLE `users` DISABLE KEYS */;
INSERT INTO `users` VALUES
(1,'System Admin','admin@system.local','ADMIN',NULL,'2026-12-02 04:23:59'),
(2,'Default Analyst','analyst@system.local','ANALYST',NULL,'2026-12-02 04:23:59');
/*!40000 ALTER TABLE `users` ENABLE KEYS */;
UNLOCK TABLES;
DROP TABLE IF EXISTS `workflow_block_inputs`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `workflow_block_inputs` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `block_id` bigint(20) NOT NULL,
  `input_type` enum('REQUEST_TEXT','BLOCK_OUTPUT') NOT NULL,
  `source_block_id` bigint(20) DEFAULT NULL,
  `variable_name` varchar(64) DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`),
  KEY `workflow_block_inputs_block_fk` (`block_id`),
  KEY `workflow_block_inputs_source_fk` (`source_block_id`),
  CONSTRAINT `workflow_block_inputs_block_fk` FOREIGN KEY (`block_id`) REFERENCES `workflow_blocks` (`id`) ON DELETE CASCADE,
  CONSTRAINT `workflow_block_inputs_source_fk` FOREIGN KEY (`source_block_id`) REFERENCES `workflow_blocks` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES `workflow_block_inputs` WRITE;
/*!40000 ALTER TABLE `workflow_block_inputs` DISABLE KEYS */;
/*!40000 ALTER TABLE `workflow_block_inputs` ENABLE KEYS */;
UNLOCK TABLES;
DROP TABLE IF EXISTS `workflow_blocks`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `workflow_blocks` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `workflow_id` bigint(20) NOT NULL,
  `name` varchar(128) NOT NULL,
  `prompt` text NOT NULL,
  `order_index` int(11) NOT NULL,
  `block_type` enum('CORE','CUSTOM') DEFAULT 'CUSTOM',
  `output_schema` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`output_schema`)),
  `model_name` varchar(128) DEFAULT 'gemma3:1b',
  `model_parameters` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`model_parameters`)),
  `created_at` timestamp NULL DEFAULT current_timestamp(),
  `updated_at` timestamp NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (`id`),
  KEY `workflow_blocks_order` (`workflow_id`,`order_index`),
  KEY `workflow_blocks_model` (`model_name`),
  CONSTRAINT `workflow_blocks_workflow_fk` FOREIGN KEY (`workflow_id`) REFERENCES `workflows` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES `workflow_blocks` WRITE;
/*!40000 ALTER TABLE `workflow_blocks` DISABLE KEYS */;
/*!40000 ALTER TABLE `workflow_blocks` ENABLE KEYS */;
UNLOCK TABLES;
DROP TABLE IF EXISTS `workflow_dashboard_configs`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `workflow_dashboard_configs` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `workflow_id` bigint(20) NOT NULL,
  `fields` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL CHECK (json_valid(`fields`)),
  `layout` enum('grid','list') DEFAULT 'grid',
  `created_at` timestamp NULL DEFAULT current_timestamp(),
  `updated_at` timestamp NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (`id`),
  UNIQUE KEY `dashboard_workflow_uq` (`workflow_id`),
  CONSTRAINT `dashboard_workflow_fk` FOREIGN KEY (`workflow_id`) REFERENCES `workflows` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES `workflow_dashboard_configs` WRITE;
/*!40000 ALTER TABLE `workflow_dashboard_configs` DISABLE KEYS */;
/*!40000 ALTER TABLE `workflow_dashboard_configs` ENABLE KEYS */;
UNLOCK TABLES;
DROP TABLE IF EXISTS `workflows`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `workflows` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `name` varchar(128) NOT NULL,
  `description` text DEFAULT NULL,
  `status` enum('DRAFT','ACTIVE','ARCHIVED') DEFAULT 'DRAFT',
  `is_default` tinyint(1) NOT NULL DEFAULT 0,
  `created_by` bigint(20) NOT NULL,
  `created_at` timestamp NULL DEFAULT current_timestamp(),
  `updated_at` timestamp NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (`id`),
  KEY `workflows_status_updated` (`status`,`updated_at`),
  KEY `workflows_default` (`is_default`),
  KEY `workflows_owner_fk` (`created_by`),
  CONSTRAINT `workflows_owner_fk` FOREIGN KEY (`created_by`) REFERENCES `users` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='processing pipelines';
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES `workflows` WRITE;
/*!40000 ALTER TABLE `workflows` DISABLE KEYS */;
/*!40000 ALTER TABLE `workflows` ENABLE KEYS */;
UNLOCK TABLES;
/*!50001 DROP VIEW IF EXISTS `ground_truth_with_context`*/;
/*!50001 SET @saved_cs_client          = @@character_set_client */;
/*!50001 SET @saved_cs_results         = @@character_set_results */;
/*!50001 SET @saved_col_connection     = @@collation_connection */;
/*!50001 SET character_set_client      = utf8mb4 */;
/*!50001 SET character_set_results     = utf8mb4 */;
/*!50001 SET collation_connection      = utf8mb4_general_ci */;
/*!50001 CREATE ALGORITHM=UNDEFINED */

/*!50001 VIEW `ground_truth_with_context` AS select `gt`.`id` AS `id`,`gt`.`request_id` AS `request_id`,`gt`.`workflow_block_id` AS `workflow_block_id`,`gt`.`field_path` AS `field_path`,`gt`.`ai_value` AS `ai_value`,`gt`.`ground_truth_value` AS `ground_truth_value`,`gt`.`notes` AS `notes`,`gt`.`created_by` AS `created_by`,`gt`.`created_at` AS `created_at`,`gt`.`updated_at` AS `updated_at`,`req`.`text` AS `request_text`,`blk`.`name` AS `block_name`,`blk`.`prompt` AS `block_prompt`,`usr`.`name` AS `created_by_name` from (((`ground_truth_data` `gt` join `requests` `req` on(`gt`.`request_id` = `req`.`id`)) join `workflow_blocks` `blk` on(`gt`.`workflow_block_id` = `blk`.`id`)) join `users` `usr` on(`gt`.`created_by` = `usr`.`id`)) */;
/*!50001 SET character_set_client      = @saved_cs_client */;
/*!50001 SET character_set_results     = @saved_cs_results */;
/*!50001 SET collation_connection      = @saved_col_connection */;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

