import { Injectable } from '@nestjs/common';
import type { InstantKeyset } from '../common/pagination.js';
import { publicCommitmentsWhere } from '../commitments/commitment-filters.js';
import {
  CommitmentsRepository,
  EVIDENCE_JSON,
  EVIDENCE_ORDER,
  newestFirstPageSql,
  type EvidenceJson,
  type NewestFirst,
} from '../commitments/commitments.repository.js';
import { Sql } from '../database/sql.js';
import { Prisma } from '../generated/prisma/client.js';
import type { AssessmentKind } from '../generated/prisma/enums.js';
import type { Score } from './methodology.js';

type Tx = Prisma.TransactionClient;

export interface NewAssessment {
  commitmentId: string;
  partyId: string;
  score: Score;
  rationale: string;
  kind: AssessmentKind | null;
  assessedOn: Date;
  methodologyVersion: string;
  actor: string;
  apiKeyId: string;
  createdAt: Date;
  evidenceIds: string[];
}

export interface AssessmentRow {
  id: string;
  party: { code: string; name: string };
  score: Score;
  rationale: string;
  kind: AssessmentKind | null;
  assessedOn: Date;
  methodologyVersion: string;
  createdAt: Date;
  evidence: EvidenceJson[];
}

const HISTORY: NewestFirst = {
  table: 'assessment',
  columns: Prisma.sql`item.id,
    (SELECT json_build_object('code', p.code, 'name', p.name) FROM party p WHERE p.id = item.party_id)
      AS party,
    item.score, item.rationale, item.kind, item.assessed_on AS "assessedOn",
    item.methodology_version AS "methodologyVersion", item.created_at AS "createdAt",
    COALESCE((SELECT jsonb_agg(${EVIDENCE_JSON} ${EVIDENCE_ORDER})
      FROM assessment_evidence ae JOIN evidence ev ON ev.id = ae.evidence_id
      WHERE ae.assessment_id = item.id), '[]') AS evidence`,
  instant: 'created_at',
};

/** A page of a public commitment's assessments, newest first, each with its party and evidence. */
export const assessmentHistorySql = (condition: Prisma.Sql, take: number, after?: InstantKeyset) =>
  newestFirstPageSql(HISTORY, condition, take, after);

export interface MatrixFilter {
  event?: string;
  theme?: string;
  party?: string;
}

/** One cell of the matrix: a commitment and one of its parties, with the newest assessment. */
export interface MatrixCellRow {
  id: string;
  slug: string;
  title: string;
  /** Null only for a commitment without parties. */
  partyCode: string | null;
  partyName: string | null;
  assessmentId: string | null;
  score: Score | null;
  kind: AssessmentKind | null;
  assessedOn: Date | null;
  methodologyVersion: string | null;
}

/**
 * The compliance matrix in one statement: the first `commitments` public commitments of the
 * filter by title, each of their parties (only the filter's party when there is one), and the
 * newest assessment of each such cell: one probe of the index on
 * (commitment_id, party_id, created_at DESC, id DESC) per cell, a lateral `LIMIT 1` (with
 * `DISTINCT ON` over the joined cells, the planner hashed the whole assessment table for a wide
 * matrix). One row per cell, by title then party code.
 */
export function complianceMatrixSql(filter: MatrixFilter, commitments: number): Prisma.Sql {
  const onlyParty = filter.party
    ? Prisma.sql`AND cp.party_id = (SELECT id FROM party WHERE code = ${filter.party})`
    : Prisma.empty;
  return Prisma.sql`
    WITH scope AS (
      SELECT c.id, c.slug, c.title
      FROM commitment c
      WHERE ${publicCommitmentsWhere(filter)}
      ORDER BY c.title, c.id
      LIMIT ${commitments}
    )
    SELECT scope.id, scope.slug, scope.title, p.code AS "partyCode", p.name AS "partyName",
      latest.id AS "assessmentId", latest.score, latest.kind, latest.assessed_on AS "assessedOn",
      latest.methodology_version AS "methodologyVersion"
    FROM scope
    LEFT JOIN commitment_party cp ON cp.commitment_id = scope.id ${onlyParty}
    LEFT JOIN party p ON p.id = cp.party_id
    LEFT JOIN LATERAL (
      SELECT a.id, a.score, a.kind, a.assessed_on, a.methodology_version
      FROM assessment a
      WHERE a.commitment_id = cp.commitment_id AND a.party_id = cp.party_id
      ORDER BY a.created_at DESC, a.id DESC
      LIMIT 1
    ) latest ON true
    ORDER BY scope.title, scope.id, p.code`;
}

/** Assessments: appended only, read as a commitment's history and as the compliance matrix. */
@Injectable()
export class AssessmentsRepository {
  constructor(
    private readonly sql: Sql,
    private readonly commitments: CommitmentsRepository,
  ) {}

  async insert(tx: Tx, { evidenceIds, ...assessment }: NewAssessment): Promise<string> {
    const { id } = await tx.assessment.create({
      data: {
        ...assessment,
        evidence: { create: evidenceIds.map((evidenceId) => ({ evidenceId })) },
      },
      select: { id: true },
    });
    return id;
  }

  /** The id of the party of this code when it is a party to the commitment, else null. */
  async partyOf(tx: Tx, commitmentId: string, code: string): Promise<string | null> {
    const link = await tx.commitmentParty.findFirst({
      where: { commitmentId, party: { code } },
      select: { partyId: true },
    });
    return link?.partyId ?? null;
  }

  /** The ids among these that are not evidence linked to the commitment. */
  async unlinkedEvidence(tx: Tx, commitmentId: string, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const linked = await tx.commitmentEvidence.findMany({
      where: { commitmentId, evidenceId: { in: ids } },
      select: { evidenceId: true },
    });
    const known = new Set(linked.map((row) => row.evidenceId));
    return ids.filter((id) => !known.has(id));
  }

  /** A page of a public commitment's assessments; null when there is no such commitment. */
  findHistoryPage(
    idOrSlug: string,
    take: number,
    after?: InstantKeyset,
  ): Promise<AssessmentRow[] | null> {
    return this.commitments.pageOfCommitment(idOrSlug, (condition) =>
      assessmentHistorySql(condition, take, after),
    );
  }

  findMatrix(filter: MatrixFilter, commitments: number): Promise<MatrixCellRow[]> {
    return this.sql.rows<MatrixCellRow>(complianceMatrixSql(filter, commitments));
  }
}
