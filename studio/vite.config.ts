import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // SvelteKit imports `cookie` 0.6 (nested under @sveltejs/kit), but the workspace root
  // hoists fastify's `cookie` 2, which lacks `parse`: bundle it into the server build so
  // it resolves from SvelteKit's own folder instead of the root.
  ssr: { noExternal: ['cookie'] },
});
