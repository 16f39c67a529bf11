import { ApiKeyAdminService } from '../api-keys/api-key-admin.service.js';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { ApiKeyRole } from '../generated/prisma/enums.js';
import { COMMAND_LINE, withAppContext } from './app-context.js';
import { runCli } from './run-cli.js';

await runCli(
  {
    name: 'keys:create',
    summary:
      'Creates a staff API key and prints it, once: only its hash is kept. The audit log records it as made by "command line".',
    options: {
      name: { value: 'NAME', description: 'who or what the key is for', required: true },
      role: {
        value: 'ROLE',
        description: 'admin (everything, keys too) or editor (content)',
        required: true,
        choices: Object.values(ApiKeyRole),
      },
    },
  },
  async ({ options, config, databaseUrl }) => {
    const created = await withAppContext(config, databaseUrl, [ApiKeysModule], (app) =>
      app.get(ApiKeyAdminService).create(COMMAND_LINE, options.name, options.role as ApiKeyRole),
    );
    process.stdout.write(
      `Created ${created.role} key "${created.name}" (${created.id}). It is shown only now:\n${created.key}\n`,
    );
  },
);
