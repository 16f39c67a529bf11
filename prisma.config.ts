import { defineConfig } from 'prisma/config';

// Only `prisma generate` uses this file here; migrations run through the WebAssembly schema
// engine (src/database/migrations), since Prisma's native engine cannot be downloaded.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
