import { parseArgs } from 'node:util';
import { ApiKeysRepository } from '../auth/api-keys.repository.js';
import { ApiKeysService } from '../auth/api-keys.service.js';
import { ApiKeyRole } from '../generated/prisma/enums.js';
import { runCli, withPrisma } from './run-cli.js';

/** `npm run keys:create -- --name NAME --role admin|editor`: prints a new key, once. */
const { values } = parseArgs({
  options: { name: { type: 'string' }, role: { type: 'string', default: 'editor' } },
});
const role = values.role as ApiKeyRole;
if (!values.name?.trim() || !Object.values(ApiKeyRole).includes(role)) {
  process.stderr.write('usage: npm run keys:create -- --name NAME --role admin|editor\n');
  process.exit(2);
}

await runCli(async ({ databaseUrl }) => {
  const created = await withPrisma(databaseUrl, (prisma) =>
    new ApiKeysService(new ApiKeysRepository(prisma)).create(values.name!.trim(), role),
  );
  process.stdout.write(
    `Created ${created.role} key "${created.name}" (${created.id}). It is shown only now:\n${created.key}\n`,
  );
});
