import type { ApiKeyRole } from '../generated/prisma/enums.js';

/** Who is making a staff request: the API key's id, name and role. */
export interface StaffMember {
  apiKeyId: string;
  name: string;
  role: ApiKeyRole;
}

const RANK: Record<ApiKeyRole, number> = { editor: 1, admin: 2 };

export function hasRole(member: StaffMember, required: ApiKeyRole): boolean {
  return RANK[member.role] >= RANK[required];
}
