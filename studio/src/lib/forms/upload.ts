/**
 * Uploading a file for a task's file field: POST /api/tasks/{id}/attachments with the field's
 * JSON pointer, the file's name and type, and its bytes in base64 (a JSON body, so the name
 * stays out of URLs and logs). Resolves to the reference the field's value lists; rejects with
 * the engine's message in the caller's language (a refused type, size or virus-scan verdict).
 *
 * @example
 *   <FormRenderer {form} upload={taskUploader(task.id, { lang, csrfToken })} … />
 */
import type { AttachmentRef, Upload } from './context';
import { pointerOf } from './data';
import type { Lang } from './messages';

/** A file's bytes in base64 (the data URL the browser makes, without its prefix). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

export function taskUploader(
  taskId: string,
  opts: { lang: Lang; csrfToken?: string | null; fetch?: typeof fetch },
): Upload {
  const doFetch = opts.fetch ?? fetch;
  return async (file, path) => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-language': opts.lang,
      'content-type': 'application/json',
    };
    if (opts.csrfToken) headers['x-csrf-token'] = opts.csrfToken;
    const res = await doFetch(`/api/tasks/${encodeURIComponent(taskId)}/attachments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        field: pointerOf(path),
        name: file.name,
        contentType: file.type,
        data: await base64Of(file),
      }),
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
