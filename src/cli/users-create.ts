import { AccountsModule } from '../accounts/accounts.module.js';
import { AccountsService, INVITATION_DAYS } from '../accounts/accounts.service.js';
import type { AuditActor } from '../audit/audit.repository.js';
import { ApiKeyRole } from '../generated/prisma/enums.js';
import { withAppContext } from './app-context.js';
import { runCli } from './run-cli.js';

/** The audit log's actor for accounts made here. */
const COMMAND_LINE: AuditActor = { name: 'command line', apiKeyId: null };

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is how `echo` and here-strings end a line, not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

await runCli(
  {
    name: 'users:create',
    summary:
      'Creates a staff account for a person and prints the one-time link (valid 7 days) where they set their password; with --password-stdin the password is read from standard input instead and no link is made. The audit log records it as made by "command line".',
    options: {
      email: {
        value: 'EMAIL',
        description: 'their email address, to sign in with',
        required: true,
      },
      name: { value: 'NAME', description: 'their name as the workspace shows it', required: true },
      role: {
        value: 'ROLE',
        description: 'admin (everything, accounts too) or editor (content)',
        required: true,
        choices: Object.values(ApiKeyRole),
      },
      'password-stdin': { description: 'read the password from standard input' },
    },
  },
  async ({ options, config, databaseUrl }) => {
    const password = options['password-stdin'] ? await readStandardInput() : undefined;
    const created = await withAppContext(config, databaseUrl, [AccountsModule], (app) =>
      app.get(AccountsService).invite(COMMAND_LINE, {
        email: options.email,
        displayName: options.name,
        role: options.role as ApiKeyRole,
        password,
      }),
    );
    const { user, invitationUrl } = created;
    process.stdout.write(`Created ${user.role} account for ${user.displayName} <${user.email}>.\n`);
    if (invitationUrl) {
      process.stdout.write(
        `Invitation link (valid ${INVITATION_DAYS} days, works once):\n${invitationUrl}\n`,
      );
    }
  },
);
