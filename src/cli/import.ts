import { readFile } from 'node:fs/promises';
import { ProblemException } from '../common/problem-details.js';
import type { ImportError } from '../imports/commitment-rows.js';
import type { ImportResultDto } from '../imports/dto/import.dto.js';
import { ImportsModule } from '../imports/imports.module.js';
import { ImportsService } from '../imports/imports.service.js';
import { COMMAND_LINE, withAppContext } from './app-context.js';
import { runCli } from './run-cli.js';

function describeResult(result: ImportResultDto): string {
  const rows = result.rows.map(
    (row) =>
      `row ${row.row} ${row.slug}: ${row.outcome}${row.fields.length ? ` (${row.fields.join(', ')})` : ''}\n`,
  );
  const verb = result.dryRun ? 'Would create' : 'Created';
  const changed = result.dryRun ? 'would change' : 'changed';
  return `${rows.join('')}${verb} ${result.created}, ${changed} ${result.changed}, left ${result.unchanged} unchanged.\n`;
}

const describeError = (error: ImportError): string =>
  `row ${error.row}${error.column ? `, ${error.column}` : ''}: ${error.messages.join('; ')}\n`;

await runCli(
  {
    name: 'import',
    summary:
      'Creates or changes commitments from a CSV file with the columns of the CSV export, matched by slug: every row or none. The audit log records the writes as made by "command line".',
    options: {
      file: { value: 'F', description: 'the CSV file', required: true },
      'dry-run': { description: 'report what would change, and change nothing' },
    },
  },
  async ({ options, config, databaseUrl }) => {
    const text = await readFile(options.file, 'utf8');
    const result = await withAppContext(config, databaseUrl, [ImportsModule], async (app) => {
      try {
        return await app
          .get(ImportsService)
          .importCsv(COMMAND_LINE, text, options['dry-run'] === 'true');
      } catch (error) {
        const errors = error instanceof ProblemException && error.extensions.errors;
        if (Array.isArray(errors)) process.stderr.write(errors.map(describeError).join(''));
        throw error;
      }
    });
    process.stdout.write(describeResult(result));
  },
);
