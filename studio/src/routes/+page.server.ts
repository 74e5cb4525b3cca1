/**
 * Placeholder home: tells which engine the studio talks to (ENGINE_URL, set by `npm start`)
 * and whether its liveness route answers. Runs on the server so the engine URL needs no CORS.
 */
import { env } from '$env/dynamic/private';
import type { PageServerLoad } from './$types';

const DEFAULT_ENGINE_URL = 'http://127.0.0.1:3000';

export const load: PageServerLoad = async ({ fetch }) => {
  const engineUrl = env.ENGINE_URL || DEFAULT_ENGINE_URL;
  let healthy = false;
  try {
    const res = await fetch(`${engineUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
    healthy = res.ok;
  } catch {
    healthy = false;
  }
  return { engineUrl, healthy };
};
