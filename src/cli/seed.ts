import { seedStrategicDialogue } from '../seed/seeder.js';
import { runCli, withPrisma } from './run-cli.js';

/** `npm run db:seed`: adds the Strategic Dialogue seed where missing (idempotent). */
await runCli(async ({ databaseUrl }) => {
  await withPrisma(databaseUrl, seedStrategicDialogue);
  process.stdout.write('Seeded the ninth South Korea–China Strategic Dialogue.\n');
});
