-- Party codes: an upper-case letter, then up to 15 upper-case letters, digits or hyphens (one
-- rule, also the API's: src/common/identifiers.ts). Single-letter codes were refused here.
ALTER TABLE "party" DROP CONSTRAINT "party_code_format";
ALTER TABLE "party" ADD CONSTRAINT "party_code_format" CHECK ("code" ~ '^[A-Z][A-Z0-9-]{0,15}$');
