/**
 * Vite builds the renderer (renderer/ → dist/renderer, served by the gateway at `/` and loaded by the
 * Electron window); Vitest runs the test suite from the repository root.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

const repository = fileURLToPath(new URL('.', import.meta.url));
// test/keychain/ writes to the OS keychain: it runs only inside the throwaway Secret Service that
// test/run.mjs sets up (which sets SIGNALBOX_KEYCHAIN_TESTS), and then alone.
const keychainRun = Boolean(process.env.SIGNALBOX_KEYCHAIN_TESTS);

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or styles: the UI runs under a CSP without 'unsafe-inline'.
    assetsInlineLimit: 0,
  },
  test: {
    root: repository,
    include: keychainRun ? ['test/keychain/**/*.test.ts'] : ['gateway/**/*.test.ts', 'electron/**/*.test.ts', 'test/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
    exclude: keychainRun ? configDefaults.exclude : [...configDefaults.exclude, 'test/keychain/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
