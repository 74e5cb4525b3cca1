/**
 * The media types a file field may accept: those the engine recognises by their content
 * (engine/src/attachments checks the bytes). Pure, so the studio checks a chosen file with the
 * same rule before uploading it.
 *
 * @example
 *   accepts(['image/*'], 'image/png') // true
 *   accepts(undefined, 'text/plain')  // false: not recognised by content
 */
export const RECOGNISED_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type RecognisedType = (typeof RECOGNISED_TYPES)[number];

/** Whether an `accept` list (`image/png`, `image/*`; none: every recognised type) takes a type. */
export function accepts(accept: readonly string[] | undefined, contentType: string): boolean {
  if (!(RECOGNISED_TYPES as readonly string[]).includes(contentType)) return false;
  if (!accept) return true;
  return accept.some(
    (a) => a === contentType || (a.endsWith('/*') && contentType.startsWith(a.slice(0, -1))),
  );
}
