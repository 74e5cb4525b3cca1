/**
 * Whether the screen is phone-width, when columns stack into one. Reactive where the browser
 * has matchMedia; false elsewhere (server rendering), where the stylesheet's own media query
 * stacks the columns instead.
 */
import { MediaQuery } from 'svelte/reactivity';

/** The width below which a form's columns stack (the same as the stylesheets' media query). */
export const NARROW_QUERY = 'max-width: 40rem';

export function narrowScreen(): { readonly current: boolean } {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function')
    return { current: false };
  return new MediaQuery(NARROW_QUERY);
}
