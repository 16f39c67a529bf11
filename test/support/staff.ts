import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import type { ApiKeyRole } from '../../src/generated/prisma/enums.js';
import type { TestApp } from './test-app.js';

/** A fresh API key of the role, as an Authorization header value. */
export async function bearer(
  t: TestApp,
  role: ApiKeyRole,
  name = `${role}-${Date.now()}`,
): Promise<string> {
  const { key } = await t.app.get(ApiKeysService).create(name, role);
  return `Bearer ${key}`;
}
