import { Injectable } from '@nestjs/common';
import { AuditedTransaction, type AuditedWrite } from '../audit/audited-transaction.js';
import type { StaffMember } from '../auth/staff-member.js';
import { ProblemException } from '../common/problem-details.js';
import { lockLiveReferences, type ReferenceTable } from '../common/reference-locks.js';
import type { ShownRow } from '../commitments/commitment-writes.repository.js';
import { CommitmentWriter } from '../commitments/commitment-writer.js';
import type { Language } from '../common/languages.js';
import { validationProblem } from '../common/validation.js';
import type { Prisma } from '../generated/prisma/client.js';
import type {
  ReferenceTranslation,
  ReferenceTranslationBodyDto,
  ReferenceTranslationDto,
} from './dto/reference-translation.dto.js';

type Tx = Prisma.TransactionClient;

/** How to write one kind of reference data (events, parties, themes), keyed by slug or code. */
export interface ReferenceKind<Row extends { id: string }, Create, Update, Dto> {
  /** Its table, which is also the entity type of its audit entries. */
  entityType: ReferenceTable;
  /** e.g. `event with slug`, for messages. */
  describe: (key: string) => string;
  find: (tx: Tx, key: string) => Promise<Row | null>;
  /** `translator`: who writes it, for the translations a body may carry (a party's names). */
  create: (tx: Tx, body: Create, translator: string) => Promise<Row>;
  update: (tx: Tx, id: string, body: Update, translator: string) => Promise<Row>;
  archive: (tx: Tx, id: string) => Promise<Row>;
  /** The commitments that show this row, whose versions a change must move. */
  shownIn: (id: string) => ShownRow;
  toDto: (row: Row) => Dto;
  /** Its translation table: sets or (null) removes the row's translation into a language. */
  translate: (
    tx: Tx,
    id: string,
    language: Language,
    translation: ReferenceTranslation | null,
  ) => Promise<void>;
  /** Whether a translation carries a description (themes). */
  translatesDescription: boolean;
}

/** Create, edit and archive of reference data: audited, one transaction each. */
@Injectable()
export class ReferenceDataWriter {
  constructor(
    private readonly writes: AuditedTransaction,
    private readonly commitments: CommitmentWriter,
  ) {}

  create<Row extends { id: string }, C, U, Dto>(
    kind: ReferenceKind<Row, C, U, Dto>,
    staff: StaffMember,
    key: string,
    body: C,
  ): Promise<Dto> {
    return this.writes.run(
      staff,
      async (write) => {
        const row = await kind.create(write.tx, body, staff.name);
        const after = kind.toDto(row);
        await this.record(write, kind, 'create', row.id, undefined, after);
        return after;
      },
      `Another ${kind.describe(key)} already exists.`,
    );
  }

  update<Row extends { id: string }, C, U, Dto>(
    kind: ReferenceKind<Row, C, U, Dto>,
    staff: StaffMember,
    key: string,
    body: U,
  ): Promise<Dto> {
    return this.writes.run(staff, async (write) => {
      const { tx } = write;
      const before = await this.existing(tx, kind, key);
      const after = kind.toDto(await kind.update(tx, before.id, body, staff.name));
      await this.commitments.bumpShowing(tx, kind.shownIn(before.id));
      await this.record(write, kind, 'update', before.id, kind.toDto(before), after);
      return after;
    });
  }

  /** Sets the row's translation into a language (see `writeTranslation`). */
  async translate<Row extends { id: string }, C, U, Dto>(
    kind: ReferenceKind<Row, C, U, Dto>,
    staff: StaffMember,
    key: string,
    language: Language,
    body: ReferenceTranslationBodyDto,
  ): Promise<ReferenceTranslationDto> {
    if (body.description != null && !kind.translatesDescription) {
      throw validationProblem([
        { field: 'description', messages: [`a ${kind.entityType} has no description`] },
      ]);
    }
    const translation = {
      name: body.name,
      description: body.description ?? null,
      translator: body.translator ?? staff.name,
      official: body.official ?? false,
    };
    await this.writeTranslation(kind, staff, key, language, translation);
    return { language, ...translation };
  }

  /** Removes the row's translation into a language, if any. */
  untranslate<Row extends { id: string }, C, U, Dto>(
    kind: ReferenceKind<Row, C, U, Dto>,
    staff: StaffMember,
    key: string,
    language: Language,
  ): Promise<void> {
    return this.writeTranslation(kind, staff, key, language, null);
  }

  /**
   * Sets or (null) removes a translation: audited, and the commitments showing the row move
   * on, as for any edit of what they show.
   */
  private writeTranslation<Row extends { id: string }, C, U, Dto>(
    kind: ReferenceKind<Row, C, U, Dto>,
    staff: StaffMember,
    key: string,
    language: Language,
    translation: ReferenceTranslation | null,
  ): Promise<void> {
    return this.writes.run(staff, async ({ tx, audit }) => {
      const row = await this.existing(tx, kind, key);
      await kind.translate(tx, row.id, language, translation);
      await this.commitments.bumpShowing(tx, kind.shownIn(row.id));
      await audit({
        action: `${kind.entityType}.${translation ? 'translate' : 'untranslate'}`,
        entityType: kind.entityType,
        entityId: row.id,
        after: { language, ...translation },
      });
    });
  }

  /**
   * Only reference data no live commitment shows can be archived (409 otherwise). The row is
   * locked before the count, so no commitment attaches it meanwhile (see lockLiveReferences).
   */
  async archive<Row extends { id: string }, C, U, Dto>(
    kind: ReferenceKind<Row, C, U, Dto>,
    staff: StaffMember,
    key: string,
  ): Promise<void> {
    await this.writes.run(staff, async (write) => {
      const { tx } = write;
      await lockLiveReferences(tx, kind.entityType, [key], 'archive');
      const before = await this.existing(tx, kind, key);
      const users = await this.commitments.countLiveShowing(tx, kind.shownIn(before.id));
      if (users > 0) {
        throw new ProblemException(
          409,
          `The ${kind.describe(key)} is used by ${users} live commitment(s); archive or change them first.`,
        );
      }
      const after = kind.toDto(await kind.archive(tx, before.id));
      await this.record(write, kind, 'archive', before.id, kind.toDto(before), after);
    });
  }

  private async existing<Row extends { id: string }, C, U, Dto>(
    tx: Tx,
    kind: ReferenceKind<Row, C, U, Dto>,
    key: string,
  ): Promise<Row> {
    const row = await kind.find(tx, key);
    if (!row) throw new ProblemException(404, `No ${kind.describe(key)}.`);
    return row;
  }

  private record<Row extends { id: string }, C, U, Dto>(
    { audit }: AuditedWrite,
    kind: ReferenceKind<Row, C, U, Dto>,
    verb: string,
    entityId: string,
    before: Dto | undefined,
    after: Dto,
  ): Promise<void> {
    return audit({
      action: `${kind.entityType}.${verb}`,
      entityType: kind.entityType,
      entityId,
      before,
      after,
    });
  }
}
