import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Component tests: Svelte 5 components rendered in jsdom with @testing-library/svelte.
export default defineConfig({
  plugins: [svelte()],
  resolve: {
    conditions: ['browser'],
    alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) },
  },
  test: {
    name: 'studio',
    root: import.meta.dirname,
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
