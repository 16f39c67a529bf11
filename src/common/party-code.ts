/**
 * A party's code, as the database's `party_code_format` check takes it: 2 to 16 upper-case
 * letters, digits or hyphens, starting with a letter.
 */
export const PARTY_CODE = /^[A-Z][A-Z0-9-]{1,15}$/;
