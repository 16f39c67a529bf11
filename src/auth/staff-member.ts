import type { ApiKeyRole } from '../generated/prisma/enums.js';

/**
 * Who is making a staff request: a person signed in to the workspace (no key), a person through
 * one of their API keys (both ids), or an integration's key that belongs to no one. `name` is the
 * person's display name, or the key's name for a key of no one.
 */
export interface StaffMember {
  apiKeyId: string | null;
  staffUserId: string | null;
  name: string;
  role: ApiKeyRole;
}

const RANK: Record<ApiKeyRole, number> = { editor: 1, admin: 2 };

export function isRole(value: string): value is ApiKeyRole {
  return value in RANK;
}

export function hasRole(member: StaffMember, required: ApiKeyRole): boolean {
  return RANK[member.role] >= RANK[required];
}
