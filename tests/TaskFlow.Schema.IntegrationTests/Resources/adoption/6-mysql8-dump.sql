-- Step-1 schema as MySQL 8.0's mysqldump prints TaskFlow's production database (created by the application's init
-- script): MySQL 8's default collation on every table, integer types without display widths, json, TEXT without
-- DEFAULT NULL, expression defaults in parentheses, the view with its algorithm and definer.
-- MariaDB 10.11 cannot run two things in it: that collation (unknown there) and the root definer (needs SUPER).
-- AdoptionCorpusTests checks those as text, translates only them, and runs the rest on MariaDB.

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
  `id` bigint NOT NULL AUTO_INCREMENT,
  `request_id` bigint NOT NULL,
  `version` int NOT NULL DEFAULT 1,
  `summary` text,
  `topic` varchar(128) DEFAULT NULL,
  `sensitivity_score` decimal(3,2) DEFAULT NULL,
  `redactions_json` json DEFAULT NULL,
  `custom_instructions` text,
  `model_name` varchar(64) DEFAULT NULL,
  `tokens_used` int DEFAULT NULL,
  `duration_ms` int DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  KEY `request_id` (`request_id`,`version`),
  KEY `request_id_2` (`request_id`),
  CONSTRAINT `ai_outputs_ibfk_1` FOREIGN KEY (`request_id`) REFERENCES `requests` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
DROP TABLE IF EXISTS `custom_instructions`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `custom_instructions` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `request_id` bigint NOT NULL,
  `workflow_block_id` bigint NOT NULL,
  `instruction_text` text NOT NULL,
  `created_by` bigint DEFAULT 1,
  `created_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  `updated_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  `is_active` tinyint(1) DEFAULT 1,
  PRIMARY KEY (`id`),
  UNIQUE KEY `request_id` (`request_id`,`workflow_block_id`),
  KEY `request_id_2` (`request_id`),
  KEY `workflow_block_id` (`workflow_block_id`),
  KEY `is_active` (`is_active`),
  KEY `created_by` (`created_by`),
  CONSTRAINT `custom_instructions_ibfk_1` FOREIGN KEY (`request_id`) REFERENCES `requests` (`id`) ON DELETE CASCADE,
  CONSTRAINT `custom_instructions_ibfk_2` FOREIGN KEY (`workflow_block_id`) REFERENCES `workflow_blocks` (`id`) ON DELETE CASCADE,
  CONSTRAINT `custom_instructions_ibfk_3` FOREIGN KEY (`created_by`) REFERENCES `users` (`id`) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
DROP TABLE IF EXISTS `ground_truth_data`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `ground_truth_data` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `request_id` bigint NOT NULL,
  `workflow_block_id` bigint NOT NULL,
  `field_path` varchar(255) NOT NULL,
  `ai_value` json DEFAULT NULL,
  `ground_truth_value` json NOT NULL,
  `created_by` bigint NOT NULL,
  `created_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  `updated_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  `notes` text COMMENT 'reviewer notes',
  PRIMARY KEY (`id`),
  UNIQUE KEY `request_id` (`request_id`,`workflow_block_id`,`field_path`),
  KEY `request_id_2` (`request_id`),
  KEY `workflow_block_id` (`workflow_block_id`),
  KEY `field_path` (`field_path`),
  KEY `created_by` (`created_by`),
  CONSTRAINT `ground_truth_data_ibfk_1` FOREIGN KEY (`request_id`) REFERENCES `requests` (`id`) ON DELETE CASCADE,
  CONSTRAINT `ground_truth_data_ibfk_2` FOREIGN KEY (`workflow_block_id`) REFERENCES `workflow_blocks` (`id`) ON DELETE CASCADE,
  CONSTRAINT `ground_truth_data_ibfk_3` FOREIGN KEY (`created_by`) REFERENCES `users` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
DROP TABLE IF EXISTS `ground_truth_with_context`;
/*!50001 DROP VIEW IF EXISTS `ground_truth_with_context`*/;
SET @saved_cs_client     = @@character_set_client;
SET character_set_client = utf8mb4;
/*!50001 CREATE VIEW `ground_truth_with_context` AS SELECT
 1 AS `id`,
 1 AS `request_id`,
 1 AS `workflow_block_id`,
 1 AS `field_path`,
 1 AS `ai_value`,
 1 AS `ground_truth_value`,
 1 AS `notes`,
 1 AS `created_by`,
 1 AS `created_at`,
 1 AS `updated_at`,
 1 AS `request_text`,
 1 AS `block_name`,
 1 AS `block_prompt`,
 1 AS `created_by_name` */;
SET character_set_client = @saved_cs_client;
DROP TABLE IF EXISTS `processing_jobs`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `processing_jobs` (
  `id` varchar(36) NOT NULL,
  `request_id` bigint NOT NULL,
  `workflow_id` bigint DEFAULT NULL,
  `job_type` enum('STANDARD','CUSTOM','WORKFLOW') DEFAULT 'WORKFLOW',
  `status` enum('PENDING','RUNNING','COMPLETED','FAILED') DEFAULT 'PENDING',
  `custom_instructions` text,
  `error_message` text,
  `started_at` timestamp NULL DEFAULT NULL,
  `completed_at` timestamp NULL DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  KEY `status` (`status`,`created_at`),
  KEY `request_id` (`request_id`),
  KEY `workflow_id` (`workflow_id`),
  CONSTRAINT `processing_jobs_ibfk_1` FOREIGN KEY (`request_id`) REFERENCES `requests` (`id`) ON DELETE CASCADE,
  CONSTRAINT `processing_jobs_ibfk_2` FOREIGN KEY (`workflow_id`) REFERENCES `workflows` (`id`) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
DROP TABLE IF EXISTS `requests`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `requests` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `text` mediumtext NOT NULL COMMENT 'the request as received',
  `requester` varchar(256) DEFAULT NULL,
  `date_received` date DEFAULT (curdate()),
  `assigned_analyst_id` bigint DEFAULT NULL,
  `workflow_id` bigint DEFAULT NULL,
  `status` enum('NEW','IN_REVIEW','PENDING','CLOSED') DEFAULT 'NEW',
  `due_date` date DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  `updated_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  KEY `assigned_analyst_id` (`assigned_analyst_id`,`status`),
  KEY `status` (`status`,`date_received`),
  KEY `due_date` (`due_date`),
  KEY `workflow_id` (`workflow_id`),
  CONSTRAINT `requests_ibfk_1` FOREIGN KEY (`assigned_analyst_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
  CONSTRAINT `requests_ibfk_2` FOREIGN KEY (`workflow_id`) REFERENCES `workflows` (`id`) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
DROP TABLE IF EXISTS `users`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `users` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `name` varchar(128) NOT NULL COMMENT 'display name',
  `email` varchar(256) NOT NULL,
  `role` enum('ANALYST','SUPERVISOR','ADMIN') NOT NULL,
  `preferences` json DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `email` (`email`)
) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
DROP TABLE IF EXISTS `workflow_block_inputs`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `workflow_block_inputs` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `block_id` bigint NOT NULL,
  `input_type` enum('REQUEST_TEXT','BLOCK_OUTPUT') NOT NULL,
  `source_block_id` bigint DEFAULT NULL,
  `variable_name` varchar(64) DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  KEY `block_id` (`block_id`),
  KEY `source_block_id` (`source_block_id`),
  CONSTRAINT `workflow_block_inputs_ibfk_1` FOREIGN KEY (`block_id`) REFERENCES `workflow_blocks` (`id`) ON DELETE CASCADE,
  CONSTRAINT `workflow_block_inputs_ibfk_2` FOREIGN KEY (`source_block_id`) REFERENCES `workflow_blocks` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
DROP TABLE IF EXISTS `workflow_blocks`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `workflow_blocks` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `workflow_id` bigint NOT NULL,
  `name` varchar(128) NOT NULL,
  `prompt` text NOT NULL,
  `order_index` int NOT NULL,
  `block_type` enum('CORE','CUSTOM') DEFAULT 'CUSTOM',
  `output_schema` json DEFAULT NULL,
  `model_name` varchar(128) DEFAULT 'gemma3:1b',
  `model_parameters` json DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  `updated_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  KEY `workflow_id` (`workflow_id`,`order_index`),
  KEY `model_name` (`model_name`),
  CONSTRAINT `workflow_blocks_ibfk_1` FOREIGN KEY (`workflow_id`) REFERENCES `workflows` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
DROP TABLE IF EXISTS `workflow_dashboard_configs`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `workflow_dashboard_configs` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `workflow_id` bigint NOT NULL,
  `fields` json NOT NULL,
  `layout` enum('grid','list') DEFAULT 'grid',
  `created_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  `updated_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `workflow_id` (`workflow_id`),
  CONSTRAINT `workflow_dashboard_configs_ibfk_1` FOREIGN KEY (`workflow_id`) REFERENCES `workflows` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
DROP TABLE IF EXISTS `workflows`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `workflows` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `name` varchar(128) NOT NULL,
  `description` text,
  `status` enum('DRAFT','ACTIVE','ARCHIVED') DEFAULT 'DRAFT',
  `is_default` tinyint(1) NOT NULL DEFAULT 0 COMMENT 'at most one default workflow',
  `created_by` bigint NOT NULL,
  `created_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP,
  `updated_at` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  KEY `status` (`status`,`updated_at`),
  KEY `created_by` (`created_by`),
  KEY `is_default` (`is_default`),
  CONSTRAINT `workflows_ibfk_1` FOREIGN KEY (`created_by`) REFERENCES `users` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
LOCK TABLES `users` WRITE;
/*!40000 ALTER TABLE `users` DISABLE KEYS */;
INSERT INTO `users` VALUES (1,'System Admin','admin@system.local','ADMIN',NULL,'2025-07-21 09:00:00'),(2,'Default Analyst','analyst@system.local','ANALYST',NULL,'2025-07-21 09:00:00');
/*!40000 ALTER TABLE `users` ENABLE KEYS */;
UNLOCK TABLES;
/*!50001 DROP VIEW IF EXISTS `ground_truth_with_context`*/;
/*!50001 SET @saved_cs_client          = @@character_set_client */;
/*!50001 SET @saved_cs_results         = @@character_set_results */;
/*!50001 SET @saved_col_connection     = @@collation_connection */;
/*!50001 SET character_set_client      = utf8mb4 */;
/*!50001 SET character_set_results     = utf8mb4 */;
/*!50001 SET collation_connection      = utf8mb4_0900_ai_ci */;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=`root`@`%` SQL SECURITY DEFINER */
/*!50001 VIEW `ground_truth_with_context` AS select `g`.`id` AS `id`,`g`.`request_id` AS `request_id`,`g`.`workflow_block_id` AS `workflow_block_id`,`g`.`field_path` AS `field_path`,`g`.`ai_value` AS `ai_value`,`g`.`ground_truth_value` AS `ground_truth_value`,`g`.`notes` AS `notes`,`g`.`created_by` AS `created_by`,`g`.`created_at` AS `created_at`,`g`.`updated_at` AS `updated_at`,`r`.`text` AS `request_text`,`b`.`name` AS `block_name`,`b`.`prompt` AS `block_prompt`,`u`.`name` AS `created_by_name` from (((`ground_truth_data` `g` join `requests` `r` on(`r`.`id` = `g`.`request_id`)) join `workflow_blocks` `b` on(`b`.`id` = `g`.`workflow_block_id`)) join `users` `u` on(`u`.`id` = `g`.`created_by`)) */;
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

