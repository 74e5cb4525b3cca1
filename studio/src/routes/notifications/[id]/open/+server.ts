/**
 * `GET /notifications/<id>/open?case=<case id>`: a notice's link. It marks the notice read for
 * the signed-in user, then sends the browser on to the case (303). The server does the marking,
 * so a notice opened in a new tab, with a middle click or before the page's script has run is
 * read as well, and the case page's header already counts it. Marking is best effort: a notice
 * that is not the user's, or an engine that cannot mark it, still leads to the case (whose own
 * page says whether the user may see it). Without a session, to sign-in and back here.
 */
import { error, redirect } from '@sveltejs/kit';
import { createApi, failLoad } from '$lib/api';
import { translate } from '$lib/i18n';
import { markNotificationsRead } from '$lib/supervision/api';
import type { RequestHandler } from './$types';

/** Case ids are the engine's (UUIDs, or a definition's own key): no path or scheme of their own. */
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

export const GET: RequestHandler = async ({ params, url, fetch, locals }) => {
  const id = Number(params.id);
  const caseId = url.searchParams.get('case') ?? '';
  if (!/^[1-9]\d{0,15}$/.test(params.id) || !Number.isSafeInteger(id) || !CASE_ID.test(caseId))
    error(404, { message: translate(locals.lang, 'error.notFound') });
  const api = createApi({ fetch, lang: locals.lang });
  let csrfToken: string | null;
  try {
    csrfToken = (await api.me()).csrfToken ?? null;
  } catch (e) {
    failLoad(e, url);
  }
  await markNotificationsRead(createApi({ fetch, lang: locals.lang, csrfToken }), {
    ids: [id],
  }).catch(() => undefined);
  redirect(303, `/cases/${encodeURIComponent(caseId)}`);
};
