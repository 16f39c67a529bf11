import './memory-settings.js';
import { createApp } from './app.factory.js';
import { loadConfig } from './config/app-config.js';
import { connectAndMigrate } from './database/database-connection.js';
import { PrismaService } from './database/prisma.service.js';
import { seedOnFirstStart } from './seed/seeder.js';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const database = await connectAndMigrate(config);
  const app = await createApp(config, database.url);
  // The embedded database must outlive the app's pool: close it after Nest's shutdown hooks.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', () => database.close());
  if (config.SEED_ON_START) await seedOnFirstStart(app.get(PrismaService));
  await app.listen({ port: config.PORT, host: config.HOST });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
