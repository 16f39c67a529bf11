-- Calendar-token entries were recorded as 'api_key' while every other API-key entry says
-- 'api-key', so the audit log's entityType filter missed them.
UPDATE "audit_entry" SET "entity_type" = 'api-key' WHERE "entity_type" = 'api_key';
