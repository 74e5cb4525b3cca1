// See https://svelte.dev/docs/kit/types#app.d.ts for the interfaces SvelteKit lets apps extend.
declare global {
  namespace App {}
}

export {};
