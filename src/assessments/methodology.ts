/**
 * The compliance scale and how scores add up, stated once: the API's `method`, the OpenAPI
 * document and the website's methodology page all read it from here.
 */

export interface MethodologyVersion {
  version: string;
  /** The first day assessments were made under it. */
  since: string;
  /** What it changed, as the methodology page states it. */
  changes: string;
}

/** Every version, newest first: an assessment keeps the version it was made under. */
export const METHODOLOGY_VERSIONS: readonly MethodologyVersion[] = [
  {
    version: '1',
    since: '2026-12-06',
    changes:
      'The first version: one score per party and commitment on the three-step scale below, from public evidence linked to the commitment.',
  },
];

/** The methodology new assessments are made under. */
export const METHODOLOGY_VERSION = METHODOLOGY_VERSIONS[0].version;

/** The G7/G20 Research Group's scale. */
export const SCORES = [-1, 0, 1] as const;
export type Score = (typeof SCORES)[number];

export const SCORE_LABELS: Record<Score, string> = {
  1: 'Full or nearly full compliance',
  0: 'Partial compliance or work in progress',
  [-1]: 'No compliance',
};

/** CSS modifier of a score: `plus`, `zero` or `minus`. */
export const scoreClass = (score: number): string =>
  score > 0 ? 'plus' : score < 0 ? 'minus' : 'zero';

/** `+1`, `0`, `−1` (a real minus sign), as the score is printed. */
export const signedScore = (score: number): string =>
  score > 0 ? `+${score}` : score < 0 ? `−${-score}` : '0';

export const COMPLIANCE_METHOD =
  "Each cell is the party's newest assessment of the commitment: +1 full or nearly full " +
  'compliance, 0 partial or work in progress, -1 no compliance. mean = the average score of the ' +
  'assessed cells (3 decimals); percentage = (mean + 1) / 2 × 100 (1 decimal), so -1 is 0 %, ' +
  '0 is 50 % and +1 is 100 %. Cells not yet assessed are left out of both and counted in ' +
  'unassessed; with no assessed cell, mean and percentage are null.';

export interface ScoreSummary {
  mean: number | null;
  percentage: number | null;
  assessed: number;
  unassessed: number;
}

const rounded = (value: number, decimals: number): number =>
  Math.round(value * 10 ** decimals) / 10 ** decimals;

/** The summary of a row or column of cells: null for a cell not yet assessed. */
export function summarize(scores: (number | null)[]): ScoreSummary {
  const assessed = scores.filter((score): score is number => score !== null);
  const unassessed = scores.length - assessed.length;
  if (assessed.length === 0) return { mean: null, percentage: null, assessed: 0, unassessed };
  const mean = assessed.reduce((sum, score) => sum + score, 0) / assessed.length;
  return {
    mean: rounded(mean, 3),
    percentage: rounded(((mean + 1) / 2) * 100, 1),
    assessed: assessed.length,
    unassessed,
  };
}
