import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes numbered SQL migrations for the local SQLite
// store into migrations/sqlite; the app applies them at start-up.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src-main/db/schema/index.ts',
  out: './migrations/sqlite',
});
