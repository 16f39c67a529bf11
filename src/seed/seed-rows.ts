import { normalizeEvidenceUrl } from '../evidence/url-normalizer.js';
import type { Prisma } from '../generated/prisma/client.js';
import { readSeedEvidence } from './seeder.js';
import { COMMITMENTS, EVENT, PARTIES, THEMES } from './strategic-dialogue.js';

/** How many of the seed's rows the database holds, matched as the seed matches them. */
export type SeedRows = Record<
  'events' | 'parties' | 'themes' | 'commitments' | 'evidence' | 'evidenceLinks',
  number
>;

export async function countSeedRows(prisma: Prisma.TransactionClient): Promise<SeedRows> {
  const urls = (await readSeedEvidence()).map((article) => normalizeEvidenceUrl(article.url));
  const slugs = COMMITMENTS.map((commitment) => commitment.slug);
  return {
    events: await prisma.event.count({ where: { slug: EVENT.slug } }),
    parties: await prisma.party.count({ where: { code: { in: PARTIES.map((p) => p.code) } } }),
    themes: await prisma.theme.count({ where: { slug: { in: THEMES.map((t) => t.slug) } } }),
    commitments: await prisma.commitment.count({ where: { slug: { in: slugs } } }),
    evidence: await prisma.evidence.count({ where: { url: { in: urls } } }),
    evidenceLinks: await prisma.commitmentEvidence.count({
      where: { commitment: { slug: { in: slugs } }, evidence: { url: { in: urls } } },
    }),
  };
}
