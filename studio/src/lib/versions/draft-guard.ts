/**
 * The unsaved-changes guard every definition editor page installs (call it while the page's
 * component initialises):
 *
 * - leaving for another studio page with an edit not saved yet: the navigation waits for the
 *   save, then goes on; if the save fails, the designer is asked whether to leave anyway;
 * - reloading, closing the tab or going to another site: the pending edit is sent with
 *   `keepalive` (the browser finishes it after the page is gone) and the browser asks
 *   whether to leave;
 * - the page going away without a navigation (its component destroyed): the edit is saved.
 *
 * ```ts
 * const session = new DraftSession('calendar', id, data, { api, reload });
 * guardDraft(() => session, () => i18n.t('editor.leaveUnsaved'));
 * ```
 */
import { onDestroy } from 'svelte';
import { beforeNavigate, goto } from '$app/navigation';
import type { DraftSession } from './draft-session.svelte';

export function guardDraft(
  session: () => DraftSession<unknown>,
  /** The question asked when the save failed: leave and lose the edit? */
  question: () => string,
): void {
  let leaving = false;
  beforeNavigate((nav) => {
    const s = session();
    if (leaving || !s.unsaved) return;
    if (nav.willUnload) {
      // reload, closed tab, another site: cancelling makes the browser ask
      s.flushOnUnload();
      nav.cancel();
      return;
    }
    nav.cancel();
    const to = nav.to?.url;
    const delta = nav.type === 'popstate' ? nav.delta : undefined;
    void (async () => {
      await s.save();
      if (s.unsaved && !confirm(question())) return;
      leaving = true;
      if (delta) {
        history.go(delta); // the page leaves when the browser moves
        return;
      }
      try {
        if (to) await goto(to);
      } finally {
        leaving = false;
      }
    })();
  });
  onDestroy(() => session().flush());
}
