// See https://svelte.dev/docs/kit/types#app.d.ts for the interfaces SvelteKit lets apps extend.
import type { Lang } from '$lib/i18n';

declare global {
  namespace App {
    interface Locals {
      /** The language chosen in the `lang` cookie (hooks.server.ts). */
      lang: Lang;
    }
  }
}

export {};
