import { apiPath } from '../common/api.js';
import { toIsoDate } from '../common/dates.js';
import type { MatrixCellRow } from './assessments.repository.js';
import type {
  ComplianceCellDto,
  ComplianceColumnDto,
  ComplianceMatrixDto,
  ComplianceRowDto,
} from './dto/compliance.dto.js';
import { COMPLIANCE_METHOD, METHODOLOGY_VERSION, summarize } from './methodology.js';

type Assessed = MatrixCellRow & { partyCode: string; assessmentId: string };

const isAssessed = (row: MatrixCellRow): row is Assessed =>
  row.partyCode !== null && row.assessmentId !== null;

function toCell(row: Assessed): ComplianceCellDto {
  return {
    party: row.partyCode,
    score: row.score!,
    assessmentId: row.assessmentId,
    kind: row.kind,
    assessedOn: toIsoDate(row.assessedOn!),
    methodologyVersion: row.methodologyVersion!,
    href: apiPath('commitments', row.slug, 'assessments'),
  };
}

/**
 * The matrix from its cells (one row per commitment and party, by title then party code): the
 * columns are every party met, by code; each row and column is summarized over its own cells.
 */
export function toComplianceMatrix(cells: MatrixCellRow[]): ComplianceMatrixDto {
  const names = new Map<string, string>();
  const byCommitment = new Map<string, MatrixCellRow[]>();
  for (const cell of cells) {
    if (cell.partyCode !== null) names.set(cell.partyCode, cell.partyName!);
    byCommitment.set(cell.id, [...(byCommitment.get(cell.id) ?? []), cell]);
  }
  const codes = [...names.keys()].sort();
  const commitments: ComplianceRowDto[] = [...byCommitment.values()].map((own) => {
    const assessed = new Map(own.filter(isAssessed).map((cell) => [cell.partyCode, cell]));
    const parties = own.flatMap((cell) => (cell.partyCode === null ? [] : [cell.partyCode]));
    return {
      id: own[0].id,
      slug: own[0].slug,
      title: own[0].title,
      ...summarize(parties.map((code) => assessed.get(code)?.score ?? null)),
      parties,
      cells: codes.map((code) => {
        const cell = assessed.get(code);
        return cell ? toCell(cell) : null;
      }),
    };
  });
  const columns: ComplianceColumnDto[] = codes.map((code, column) => ({
    code,
    name: names.get(code)!,
    ...summarize(
      commitments
        .filter((row) => row.parties.includes(code))
        .map((row) => row.cells[column]?.score ?? null),
    ),
  }));
  return {
    method: COMPLIANCE_METHOD,
    methodologyVersion: METHODOLOGY_VERSION,
    parties: columns,
    commitments,
  };
}
