/**
 * Uploading a file for a task's file field: the file's bytes as the body of
 * POST /api/tasks/{id}/attachments (its type as Content-Type), the field's JSON pointer and the
 * file name in the query. Resolves to the reference the field's value lists; rejects with the
 * engine's message in the caller's language (a refused type, size or virus-scan verdict).
 *
 * @example
 *   <FormRenderer {form} upload={taskUploader(task.id, { lang, csrfToken })} … />
 */
import type { AttachmentRef, Upload } from './context';
import { pointerOf } from './data';
import type { Lang } from './messages';

export function taskUploader(
  taskId: string,
  opts: { lang: Lang; csrfToken?: string | null; fetch?: typeof fetch },
): Upload {
  const doFetch = opts.fetch ?? fetch;
  return async (file, path) => {
    const query = new URLSearchParams({ field: pointerOf(path), name: file.name });
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-language': opts.lang,
      'content-type': file.type || 'application/octet-stream',
    };
    if (opts.csrfToken) headers['x-csrf-token'] = opts.csrfToken;
    const res = await doFetch(`/api/tasks/${encodeURIComponent(taskId)}/attachments?${query}`, {
      method: 'POST',
      headers,
      body: file,
    });
    const body = (await res.json().catch(() => ({}))) as {
      message?: string;
      details?: { message?: string }[];
    } & Partial<AttachmentRef>;
    if (!res.ok) {
      const detail = body.details?.[0]?.message;
      throw new Error([body.message, detail].filter(Boolean).join(' ') || `HTTP ${res.status}`);
    }
    return body as AttachmentRef;
  };
}
