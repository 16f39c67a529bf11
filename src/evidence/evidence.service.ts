import { Injectable } from '@nestjs/common';
import { AuditedTransaction } from '../audit/audited-transaction.js';
import type { StaffMember } from '../auth/staff-member.js';
import { fromIsoDate, toIsoDate } from '../common/dates.js';
import { ProblemException } from '../common/problem-details.js';
import { isUniqueViolation } from '../common/unique-conflict.js';
import { validationProblem } from '../common/validation.js';
import { CommitmentWriter } from '../commitments/commitment-writer.js';
import type { Evidence } from '../generated/prisma/client.js';
import type { CreateEvidenceDto, EvidenceDto, UpdateEvidenceDto } from './dto/evidence.dto.js';
import { EvidenceRepository } from './evidence.repository.js';
import { InvalidEvidenceUrlError, normalizeEvidenceUrl } from './url-normalizer.js';

export function toEvidenceDto(row: Evidence): EvidenceDto {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    publisher: row.publisher,
    author: row.author,
    publishedOn: toIsoDate(row.publishedOn),
    language: row.language,
    excerpt: row.excerpt,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function normalizedUrl(url: string): string {
  try {
    return normalizeEvidenceUrl(url);
  } catch (error) {
    if (error instanceof InvalidEvidenceUrlError) {
      throw validationProblem([{ field: 'url', messages: [`url is invalid: ${error.message}`] }]);
    }
    throw error;
  }
}

function columns(body: UpdateEvidenceDto) {
  return {
    ...body,
    url: body.url === undefined ? undefined : normalizedUrl(body.url),
    publishedOn:
      body.publishedOn === undefined || body.publishedOn === null
        ? body.publishedOn
        : fromIsoDate(body.publishedOn),
  };
}

@Injectable()
export class EvidenceService {
  constructor(
    private readonly evidence: EvidenceRepository,
    private readonly writes: AuditedTransaction,
    private readonly commitments: CommitmentWriter,
  ) {}

  create(staff: StaffMember, body: CreateEvidenceDto): Promise<EvidenceDto> {
    const data = { ...columns(body), url: normalizedUrl(body.url), title: body.title };
    return this.rejectingKnownUrl(data.url, async () => {
      await this.assertUrlUnknown(data.url);
      return this.writes.run(staff, async ({ tx, audit }) => {
        const created = toEvidenceDto(await this.evidence.create(tx, data));
        await audit({
          action: 'evidence.create',
          entityType: 'evidence',
          entityId: created.id,
          after: created,
        });
        return created;
      });
    });
  }

  /** The evidence library: articles matching a text, with their commitments. */
  search(text: string, take: number) {
    return this.evidence.search(text.trim(), take);
  }

  async article(id: string) {
    const row = await this.evidence.findWithCommitments(id);
    if (!row) throw new ProblemException(404, `No evidence with id "${id}".`);
    return row;
  }

  /**
   * The article at a URL: the one already known at its normalized URL, or a new one with the
   * given title (a 400 naming `title` when there is none to give it).
   */
  async reuseOrCreate(staff: StaffMember, url: string, title: string): Promise<string> {
    const known = await this.evidence.idOfUrl(normalizedUrl(url));
    if (known) return known;
    if (!title) {
      throw validationProblem([{ field: 'title', messages: ['A new article needs its title.'] }]);
    }
    try {
      return (await this.create(staff, { url, title })).id;
    } catch (error) {
      const existingId = error instanceof ProblemException && error.extensions.existingId;
      if (typeof existingId === 'string') return existingId;
      throw error;
    }
  }

  update(staff: StaffMember, id: string, body: UpdateEvidenceDto): Promise<EvidenceDto> {
    const data = columns(body);
    return this.rejectingKnownUrl(data.url, () =>
      this.writes.run(staff, async ({ tx, audit }) => {
        const before = await this.evidence.find(tx, id);
        if (!before) throw new ProblemException(404, `No evidence with id "${id}".`);
        const after = toEvidenceDto(await this.evidence.update(tx, id, data));
        await this.commitments.bumpShowing(tx, { evidenceId: id });
        await audit({
          action: 'evidence.update',
          entityType: 'evidence',
          entityId: id,
          before: toEvidenceDto(before),
          after,
        });
        return after;
      }),
    );
  }

  private async assertUrlUnknown(url: string): Promise<void> {
    const existingId = await this.evidence.idOfUrl(url);
    if (existingId) throw this.knownUrl(existingId);
  }

  /** A write that lost a race for the same URL still answers 409 with the winner's id. */
  private async rejectingKnownUrl<T>(url: string | undefined, write: () => Promise<T>) {
    try {
      return await write();
    } catch (error) {
      if (url === undefined || !isUniqueViolation(error)) throw error;
      throw this.knownUrl((await this.evidence.idOfUrl(url))!);
    }
  }

  private knownUrl(existingId: string): ProblemException {
    return new ProblemException(
      409,
      'Evidence with this URL (after normalization) already exists.',
      { existingId },
      '/problems/duplicate-evidence',
    );
  }
}
