import type { ComplianceMatrixDto } from './dto/compliance.dto.js';

/** The matrix as spreadsheet rows: one per commitment and party, with both summaries. */
export function complianceCsvRows(matrix: ComplianceMatrixDto): Record<string, unknown>[] {
  const columns = new Map(matrix.parties.map((party, index) => [party.code, index]));
  return matrix.commitments.flatMap((row) =>
    row.parties.map((code) => {
      const column = columns.get(code)!;
      const cell = row.cells[column];
      return {
        commitment: row.slug,
        title: row.title,
        party: code,
        score: cell?.score ?? '',
        kind: cell?.kind ?? '',
        assessedOn: cell?.assessedOn ?? '',
        methodologyVersion: cell?.methodologyVersion ?? '',
        commitmentMean: row.mean ?? '',
        partyMean: matrix.parties[column].mean ?? '',
        partyPercentage: matrix.parties[column].percentage ?? '',
      };
    }),
  );
}
