/**
 * The draft lifecycle every editor shares (DraftSession + DraftControls), against a stand-in
 * of the engine's drafts API that answers as the engine does: "Draft based on version N" only
 * while a draft exists, saves shown at the engine's instant in the viewer's zone, Publish asking
 * for a change note, Discard confirmed and refused when the draft was saved again elsewhere.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../api';
import { i18nContext, type Lang } from '../i18n';
import DraftControls from './DraftControls.svelte';
import type { EditorStart } from './draft-load';
import { DraftSession } from './draft-session.svelte';

beforeAll(() => {
  // jsdom has <dialog> without its modal methods
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
});
afterEach(cleanup);

type Body = { id: string; title: string };
const v2: Body = { id: 'visit', title: 'Visit v2' };

/** The engine's drafts API for one form published up to v2, with the requests it received. */
function engine() {
  let draft: { body: Body; updatedAt: string } | null = null;
  let clock = Date.parse('2026-12-05T03:59:00.000Z');
  const calls: { method: string; url: string; body?: unknown; keepalive?: boolean }[] = [];
  const fetch = (async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url, body, keepalive: init.keepalive });
    const path = url.split('?')[0];
    if (path !== '/api/drafts/form/visit' && path !== '/api/drafts/form/visit/publish')
      return Response.json({ code: 'CW_ERR_NOT_FOUND' }, { status: 404 });
    if (method === 'PUT') {
      draft = { body: body.body, updatedAt: new Date((clock += 60_000)).toISOString() };
      return Response.json({
        kind: 'form',
        id: 'visit',
        baseVersion: 2,
        updatedAt: draft.updatedAt,
        updatedBy: 'dana',
        body: draft.body,
        problems: [],
        warnings: [],
      });
    }
    if (method === 'DELETE') {
      if (!draft) return Response.json({ code: 'CW_ERR_NOT_FOUND' }, { status: 404 });
      const savedAt = new URL(url, 'http://studio').searchParams.get('savedAt');
      if (savedAt && savedAt !== draft.updatedAt)
        return Response.json({ code: 'CW_ERR_DRAFT_CHANGED', message: 'changed' }, { status: 409 });
      draft = null;
      return new Response(null, { status: 204 });
    }
    if (method === 'POST') {
      if (!body?.note?.trim())
        return Response.json({ code: 'CW_ERR_PUBLISH_NOTE_REQUIRED' }, { status: 400 });
      draft = null;
      return Response.json(
        {
          kind: 'form',
          id: 'visit',
          version: 3,
          note: body.note,
          publishedBy: 'dana',
          publishedAt: new Date(clock).toISOString(),
        },
        { status: 201 },
      );
    }
    return Response.json({ code: 'CW_ERR_NOT_FOUND' }, { status: 404 });
  }) as typeof globalThis.fetch;
  return {
    calls,
    api: () => createApi({ fetch, csrfToken: 'csrf' }),
    /** A colleague saves the draft in another tab. */
    saveElsewhere(b: Body) {
      draft = { body: b, updatedAt: new Date((clock += 60_000)).toISOString() };
    },
  };
}

const latest: EditorStart<Body> = {
  id: 'visit',
  source: 'version',
  body: v2,
  baseVersion: 2,
  published: 2,
  problems: [],
  warnings: [],
  savedAt: null,
  savedBy: null,
};

function setup(lang: Lang = 'en', zone = 'Europe/London') {
  const e = engine();
  let reloads = 0;
  const session = new DraftSession<Body>('form', 'visit', latest, {
    api: e.api,
    reload: async () => {
      reloads += 1;
      return latest;
    },
    delayMs: 10,
  });
  render(DraftControls, { props: { session }, context: i18nContext(lang, zone) });
  return { ...e, session, reloads: () => reloads };
}

const state = () => screen.getByTestId('draft-state').textContent;
const status = () => screen.getAllByRole('status')[0]!.textContent!.trim();

describe('the draft controls', () => {
  it('say "Draft based on version 2" only once a draft exists, with the save at the engine’s instant in the viewer’s zone', async () => {
    const { session } = setup('en', 'America/New_York');
    expect(state()).toBe('Version 2 (published), no draft: the first change starts one');
    expect(screen.queryByRole('button', { name: 'Discard draft' })).toBeNull();

    session.edit({ ...v2, title: 'Visit v3' });
    await tick();
    expect(status()).toBe('Unsaved changes');
    expect(state()).not.toContain('Draft based on');

    // the engine saved it at 04:00 UTC: 23:00 the day before in New York, zone shown
    await waitFor(() => expect(state()).toBe('Draft based on version 2'));
    expect(status()).toBe('Draft saved at Fri, 4 Dec 2026, 23:00 GMT-5');
    expect(screen.getByRole('button', { name: 'Discard draft' })).toBeTruthy();
  });

  it('asks for a change note before publishing, in Chinese too, and publishes with it', async () => {
    const { session, calls } = setup('zh-Hant', 'Asia/Shanghai');
    session.edit({ ...v2, title: 'Visit v3' });
    await waitFor(() => expect(state()).toBe('草稿，以 v2 為基礎'));
    expect(status()).toBe('草稿已於 2026年12月5日週六 12:00 [GMT+8] 儲存');

    await fireEvent.click(screen.getByRole('button', { name: '發布' }));
    const dialog = screen.getByRole('dialog', { name: '發布 v3' });
    const note = screen.getByLabelText('變更說明');
    // an empty note is refused in the dialog, nothing is sent
    await fireEvent.click(screen.getAllByRole('button', { name: '發布' }).at(-1)!);
    expect(note.getAttribute('aria-invalid')).toBe('true');
    expect(dialog.textContent).toContain('請寫下變更說明。');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await fireEvent.input(note, { target: { value: '  加上回訪結果  ' } });
    await fireEvent.click(screen.getAllByRole('button', { name: '發布' }).at(-1)!);
    await waitFor(() => expect(screen.getByText('已發布 v3：加上回訪結果')).toBeTruthy());
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({
      url: '/api/drafts/form/visit/publish',
      body: { note: '加上回訪結果' },
    });
    expect(state()).toBe('v3（已發布），沒有草稿：第一個變更會建立草稿');
  });

  it('discards after confirmation, naming the save it saw, and starts again from the latest version', async () => {
    const { session, calls, reloads } = setup();
    session.edit({ ...v2, title: 'Visit v3' });
    await waitFor(() => expect(state()).toBe('Draft based on version 2'));
    const savedAt = session.savedAt!;

    await fireEvent.click(screen.getByRole('button', { name: 'Discard draft' }));
    const dialog = screen.getByRole('dialog', { name: 'Discard the draft?' });
    expect(dialog.textContent).toContain(
      'Every change since version 2 is lost; the editor goes back to version 2.',
    );
    // Keep editing closes it and nothing is sent
    await fireEvent.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    await fireEvent.click(screen.getByRole('button', { name: 'Discard draft' }));
    const confirm = dialog.querySelector('button[type="submit"]') as HTMLButtonElement;
    await fireEvent.click(confirm);
    await waitFor(() =>
      expect(screen.getByText('Draft discarded; showing version 2.')).toBeTruthy(),
    );
    expect(calls.find((c) => c.method === 'DELETE')!.url).toBe(
      `/api/drafts/form/visit?savedAt=${encodeURIComponent(savedAt)}`,
    );
    expect(reloads()).toBe(1);
    expect(session.body).toEqual(v2);
    expect(session.generation).toBe(1);
    expect(state()).toBe('Version 2 (published), no draft: the first change starts one');
  });

  it('keeps a draft a colleague saved since, and says so', async () => {
    const { session, saveElsewhere, reloads } = setup();
    session.edit({ ...v2, title: 'Mine' });
    await waitFor(() => expect(state()).toBe('Draft based on version 2'));
    saveElsewhere({ ...v2, title: 'Theirs' });

    expect(await session.discard()).toBe(false);
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain(
        'Not discarded: the draft was saved again since you last saw it',
      ),
    );
    expect(reloads()).toBe(0);
    expect(state()).toBe('Draft based on version 2');
  });

  it('sends an edit not saved yet with keepalive when the page unloads', async () => {
    const { session, calls } = setup();
    session.edit({ ...v2, title: 'Typed just before reload' });
    expect(session.unsaved).toBe(true);
    session.flushOnUnload();
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')).toMatchObject({
        body: { body: { ...v2, title: 'Typed just before reload' }, baseVersion: 2 },
        keepalive: true,
      }),
    );
  });

  it('shows and saves again, after the reload, an unload save the new page did not get yet', async () => {
    sessionStorage.clear();
    const first = setup();
    first.session.edit({ ...v2, title: 'Typed just before reload' });
    first.session.flushOnUnload();
    cleanup();
    // the reloaded page read the draft before the keepalive save reached the engine: v2 as it was
    const { session, calls } = setup();
    expect(session.body.title).toBe('Typed just before reload');
    await waitFor(() => expect(state()).toBe('Draft based on version 2'));
    expect(calls.filter((c) => c.method === 'PUT')).toMatchObject([
      { body: { body: { title: 'Typed just before reload' } } },
    ]);
    // kept once: a third page starts from what the engine has
    cleanup();
    expect(setup().session.body.title).toBe('Visit v2');
  });

  it('drops a kept edit from another visit or another base version', () => {
    for (const copy of [
      { body: { ...v2, title: 'Old' }, baseVersion: 2, at: Date.now() - 120_000 },
      { body: { ...v2, title: 'Other base' }, baseVersion: 1, at: Date.now() },
      'not json',
    ]) {
      sessionStorage.setItem(
        'caseway.unsaved:form/visit',
        typeof copy === 'string' ? copy : JSON.stringify(copy),
      );
      const { session } = setup();
      expect(session.body.title).toBe('Visit v2');
      expect(session.unsaved).toBe(false);
      expect(sessionStorage.getItem('caseway.unsaved:form/visit')).toBeNull();
      cleanup();
    }
  });
});
