import { Injectable } from '@nestjs/common';
import { AuditedTransaction } from '../audit/audited-transaction.js';
import type { AuditActor } from '../audit/audit.repository.js';
import { CommitmentWriter } from '../commitments/commitment-writer.js';
import type { Prisma } from '../generated/prisma/client.js';
import {
  CreateCommitmentDto,
  type UpdateCommitmentDto,
} from '../commitments/writes/dto/commitment-write.dto.js';
import { ProblemException, type FieldError } from '../common/problem-details.js';
import { createValidationPipe } from '../common/validation.js';
import {
  changedFields,
  columnOf,
  readCommitmentRows,
  type ImportError,
  type ImportRow,
} from './commitment-rows.js';
import type { ImportedRowDto, ImportResultDto } from './dto/import.dto.js';
import { ImportsRepository } from './imports.repository.js';

/** The most data rows one import takes (the body's byte limit is IMPORT_MAX_BYTES). */
export const IMPORT_MAX_ROWS = 5000;

const validation = createValidationPipe();

/** A dry run, or an import with errors, ends here: its transaction rolls back. */
class RolledBack extends Error {
  constructor(readonly rows: ImportedRowDto[]) {
    super('rolled back');
  }
}

const rowErrors = (row: number, error: unknown): ImportError[] => {
  if (!(error instanceof ProblemException)) throw error;
  const fields = error.extensions.errors as FieldError[] | undefined;
  return fields
    ? fields.map((field) => ({ row, column: columnOf(field.field), messages: field.messages }))
    : [
        {
          row,
          column: null,
          messages: [String((error.getResponse() as { detail?: string }).detail ?? error.message)],
        },
      ];
};

function importProblem(errors: ImportError[], rows: ImportedRowDto[]): ProblemException {
  return new ProblemException(
    422,
    `The file has ${errors.length} error(s); nothing was imported.`,
    { errors, rows },
    '/problems/import-errors',
  );
}

function importResult(dryRun: boolean, rows: ImportedRowDto[]): ImportResultDto {
  const count = (outcome: string) => rows.filter((row) => row.outcome === outcome).length;
  return {
    dryRun,
    created: count('created'),
    changed: count('changed'),
    unchanged: count('unchanged'),
    rows,
  };
}

/**
 * Commitments from a CSV file with the export's columns, created or changed by slug through
 * their writer, all in one transaction: every row is written, or none.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly writes: AuditedTransaction,
    private readonly writer: CommitmentWriter,
    private readonly savepoints: ImportsRepository,
  ) {}

  async importCsv(staff: AuditActor, text: string, dryRun: boolean): Promise<ImportResultDto> {
    const { rows, errors } = readCommitmentRows(text);
    if (rows.length > IMPORT_MAX_ROWS) {
      throw new ProblemException(413, `At most ${IMPORT_MAX_ROWS} rows per import.`);
    }
    const valid = await this.validRows(rows, errors);
    try {
      // The answer is made in the transaction: it is what an Idempotency-Key replays.
      return await this.writes.runAll(staff, async ({ tx }) => {
        const results: ImportedRowDto[] = [];
        for (const { row, body } of valid) {
          await this.savepoints.savepoint(tx);
          try {
            results.push(await this.writeRow(staff, tx, row, body));
          } catch (error) {
            errors.push(...rowErrors(row, error));
            await this.savepoints.rollbackToSavepoint(tx);
          }
        }
        if (dryRun || errors.length > 0) throw new RolledBack(results);
        return importResult(false, results);
      });
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
      if (errors.length > 0) throw importProblem(errors, error.rows);
      return importResult(true, error.rows);
    }
  }

  /** The rows whose cells make a valid commitment; the others' errors go to `errors`. */
  private async validRows(
    rows: ImportRow[],
    errors: ImportError[],
  ): Promise<{ row: number; body: CreateCommitmentDto }[]> {
    const valid: { row: number; body: CreateCommitmentDto }[] = [];
    for (const { row, body } of rows) {
      try {
        const dto = (await validation.transform(body, {
          type: 'body',
          metatype: CreateCommitmentDto,
        })) as CreateCommitmentDto;
        valid.push({ row, body: dto });
      } catch (error) {
        errors.push(...rowErrors(row, error));
      }
    }
    return valid;
  }

  private async writeRow(
    staff: AuditActor,
    tx: Prisma.TransactionClient,
    row: number,
    body: CreateCommitmentDto,
  ): Promise<ImportedRowDto> {
    const slug = body.slug!;
    // In the import's transaction: it holds a connection, and the embedded database has one.
    const current = await this.writer.findLive(tx, slug);
    if (!current) {
      await this.writer.create(staff, body);
      return { row, slug, outcome: 'created', fields: [] };
    }
    const fields = changedFields(body, current);
    if (fields.length === 0) return { row, slug, outcome: 'unchanged', fields };
    const change = Object.fromEntries(
      fields.map((field) => [field, body[field as keyof CreateCommitmentDto]]),
    ) as UpdateCommitmentDto;
    await this.writer.edit(staff, slug, current.version, change);
    return { row, slug, outcome: 'changed', fields };
  }
}
