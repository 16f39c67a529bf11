import { TRACKER_TRANSLATOR, type Language } from '../common/languages.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromIsoDate } from '../common/dates.js';
import { PRISMA_DIR } from '../database/migrations/migrations.js';
import { normalizeEvidenceUrl } from '../evidence/url-normalizer.js';
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import type { EvidenceStance } from '../generated/prisma/enums.js';
import { COMMITMENTS, EVENT, PARTIES, THEMES } from './strategic-dialogue.js';

interface EvidenceFile {
  articles: {
    url: string;
    title: string;
    publisher: string;
    author?: string;
    publishedOn: string;
    summary: string;
    concerns: { topic: string; stance: EvidenceStance }[];
  }[];
}

const EVIDENCE_FILE = path.join(PRISMA_DIR, 'seed', 'evidence.json');

export async function readSeedEvidence(): Promise<EvidenceFile['articles']> {
  return (JSON.parse(await readFile(EVIDENCE_FILE, 'utf8')) as EvidenceFile).articles;
}

/** One statement at a time: inside a transaction, all of them share one connection. */
async function inSequence<T, R>(items: readonly T[], each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await each(item));
  return results;
}

/** Seeded translations, one row per language, marked as the tracker's own. */
function ourTranslations<Text, Row>(
  texts: Record<Exclude<Language, 'en'>, Text>,
  row: (text: Text) => Row,
): (Row & { language: Language; translator: string })[] {
  return Object.entries(texts).map(([language, text]) => ({
    ...row(text),
    language: language as Language,
    translator: TRACKER_TRANSLATOR,
  }));
}

/**
 * Seeds the ninth Strategic Dialogue. Idempotent: rows that exist (matched by slug, code or
 * normalized URL) are left as staff may have edited them; only missing rows and links are added.
 */
export async function seedStrategicDialogue(prisma: Prisma.TransactionClient): Promise<void> {
  const { translations: eventTitles, ...eventColumns } = EVENT;
  const event = await prisma.event.upsert({
    where: { slug: EVENT.slug },
    update: {},
    create: {
      ...eventColumns,
      heldOn: fromIsoDate(EVENT.heldOn),
      translations: { create: ourTranslations(eventTitles, (title) => ({ title })) },
    },
  });
  const parties = await inSequence(PARTIES, ({ translations, ...party }) =>
    prisma.party.upsert({
      where: { code: party.code },
      update: {},
      create: {
        ...party,
        translations: { create: ourTranslations(translations, (name) => ({ name })) },
      },
    }),
  );
  const themes = await inSequence(THEMES, ({ translations, ...theme }) =>
    prisma.theme.upsert({
      where: { slug: theme.slug },
      update: {},
      create: {
        ...theme,
        translations: { create: ourTranslations(translations, (name) => ({ name })) },
      },
    }),
  );
  const partyId = new Map(parties.map((party) => [party.code, party.id]));
  const themeId = new Map(themes.map((theme) => [theme.slug, theme.id]));

  const commitmentIdsByTopic = new Map<string, string[]>();
  for (const seed of COMMITMENTS) {
    // A commitment that exists is left as staff keep it: only its writer changes one.
    const existing = await prisma.commitment.findUnique({
      where: { slug: seed.slug },
      select: { id: true },
    });
    const commitment =
      existing ??
      (await prisma.commitment.create({
        data: {
          slug: seed.slug,
          title: seed.title,
          summary: seed.summary,
          quote: seed.quote,
          madeOn: fromIsoDate(EVENT.heldOn),
          targetDate: seed.targetDate ? fromIsoDate(seed.targetDate) : null,
          event: { connect: { id: event.id } },
          parties: {
            create: seed.parties.map(({ code, role }) => ({
              role,
              party: { connect: { id: partyId.get(code) } },
            })),
          },
          themes: {
            create: seed.themes.map((slug) => ({ theme: { connect: { id: themeId.get(slug) } } })),
          },
          translations: { create: ourTranslations(seed.translations, (text) => text) },
        },
        select: { id: true },
      }));
    if (seed.topic) {
      commitmentIdsByTopic.set(seed.topic, [
        ...(commitmentIdsByTopic.get(seed.topic) ?? []),
        commitment.id,
      ]);
    }
  }
  await seedEvidence(prisma, commitmentIdsByTopic);
}

async function seedEvidence(
  prisma: Prisma.TransactionClient,
  commitmentIdsByTopic: Map<string, string[]>,
): Promise<void> {
  for (const article of await readSeedEvidence()) {
    const evidence = await prisma.evidence.upsert({
      where: { url: normalizeEvidenceUrl(article.url) },
      update: {},
      create: {
        url: normalizeEvidenceUrl(article.url),
        title: article.title,
        publisher: article.publisher,
        author: article.author ?? null,
        publishedOn: fromIsoDate(article.publishedOn),
        language: 'en',
        excerpt: article.summary,
      },
    });
    await prisma.commitmentEvidence.createMany({
      data: article.concerns.flatMap(({ topic, stance }) =>
        (commitmentIdsByTopic.get(topic) ?? []).map((commitmentId) => ({
          commitmentId,
          evidenceId: evidence.id,
          stance,
        })),
      ),
      skipDuplicates: true,
    });
  }
}

/** "First start": nothing has been recorded yet. */
export async function isEmptyDatabase(prisma: Prisma.TransactionClient): Promise<boolean> {
  return (await prisma.event.count()) === 0;
}

/** Seeding the whole dialogue on a slow machine; far above what it takes. */
const FIRST_START_SEED_TIMEOUT_MS = 120_000;

/**
 * Seeds an empty database, once even when several instances start together on it: the seed
 * runs in one transaction holding an advisory lock, so the others wait and then find it seeded.
 */
export async function seedOnFirstStart(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('commitment-tracker:seed', 0))`;
      if (await isEmptyDatabase(tx)) await seedStrategicDialogue(tx);
    },
    { timeout: FIRST_START_SEED_TIMEOUT_MS, maxWait: FIRST_START_SEED_TIMEOUT_MS },
  );
}
