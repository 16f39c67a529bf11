import { countSeedRows, type SeedRows } from '../seed/seed-rows.js';
import { seedStrategicDialogue } from '../seed/seeder.js';
import { runCli, withPrisma } from './run-cli.js';

const NAMES: Record<keyof SeedRows, [one: string, many: string]> = {
  events: ['event', 'events'],
  parties: ['party', 'parties'],
  themes: ['theme', 'themes'],
  commitments: ['commitment', 'commitments'],
  evidence: ['evidence article', 'evidence articles'],
  evidenceLinks: ['evidence link', 'evidence links'],
};

/** "1 event, 9 commitments": the rows the seed added, by kind. */
function describeAdded(before: SeedRows, after: SeedRows): string {
  return (Object.keys(NAMES) as (keyof SeedRows)[])
    .map((kind) => [kind, after[kind] - before[kind]] as const)
    .filter(([, added]) => added > 0)
    .map(([kind, added]) => `${added} ${NAMES[kind][added === 1 ? 0 : 1]}`)
    .join(', ');
}

await runCli(
  {
    name: 'db:seed',
    summary:
      'Adds what is missing of the ninth South Korea–China Strategic Dialogue (matched by slug, code or URL); rows that exist are left as staff may have edited them.',
  },
  async ({ databaseUrl }) => {
    const { before, after } = await withPrisma(databaseUrl, async (prisma) => {
      const before = await countSeedRows(prisma);
      await seedStrategicDialogue(prisma);
      return { before, after: await countSeedRows(prisma) };
    });
    const added = describeAdded(before, after);
    process.stdout.write(
      added
        ? `Seeded the ninth South Korea–China Strategic Dialogue: added ${added}.\n`
        : 'The ninth South Korea–China Strategic Dialogue is already there: nothing added.\n',
    );
  },
);
