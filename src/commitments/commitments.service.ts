import { Injectable } from '@nestjs/common';
import { decodeCursor, toPage, type Page, type PageQueryDto } from '../common/pagination.js';
import { ProblemException } from '../common/problem-details.js';
import { toCommitmentDetailDto, toCommitmentDto } from './commitment.mapper.js';
import { CommitmentsRepository } from './commitments.repository.js';
import type { CommitmentDetailDto, CommitmentDto } from './dto/commitment.dto.js';

@Injectable()
export class CommitmentsService {
  constructor(private readonly repository: CommitmentsRepository) {}

  async list(query: PageQueryDto): Promise<Page<CommitmentDto>> {
    const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
    const rows = await this.repository.findPage(
      query.limit,
      after && { updatedAt: new Date(String(after[0])), id: String(after[1]) },
    );
    return toPage(
      rows,
      query.limit,
      (row) => [row.updatedAt.toISOString(), row.id],
      toCommitmentDto,
    );
  }

  async get(idOrSlug: string): Promise<CommitmentDetailDto> {
    const row = await this.repository.findPublicByIdOrSlug(idOrSlug);
    if (!row) throw new ProblemException(404, `No commitment with id or slug "${idOrSlug}".`);
    return toCommitmentDetailDto(row);
  }
}
