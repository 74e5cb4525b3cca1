/**
 * What an uploaded file may be, judged by its content: each recognised type (forms'
 * RECOGNISED_TYPES) by its signature at the start and its end marker at the end (so a cut-off
 * upload is refused; PDF readers look for `%%EOF` in the last KiB, as this does), and file
 * names that are names and not paths.
 *
 * @example
 *   contentMatches('application/pdf', bytes) // false for a renamed .exe
 *   accepts(['image/*'], 'image/png')        // true
 */
import { createHash } from 'node:crypto';
import { accepts, RECOGNISED_TYPES, type RecognisedType } from '../forms/index.ts';

export { accepts, RECOGNISED_TYPES };

const RECOGNISED: Record<RecognisedType, (b: Buffer) => boolean> = {
  'application/pdf': (b) =>
    b.subarray(0, 5).toString('latin1') === '%PDF-' && b.subarray(-1024).includes('%%EOF'),
  'image/png': (b) =>
    b.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])) &&
    b.subarray(-12).equals(Buffer.from('0000000049454e44ae426082', 'hex')),
  'image/jpeg': (b) =>
    b.length > 4 &&
    b[0] === 0xff &&
    b[1] === 0xd8 &&
    b[2] === 0xff &&
    b.subarray(Math.max(3, b.length - 1024)).includes(Buffer.from([0xff, 0xd9])),
};

/** Whether the bytes are a whole file of the declared type (false for a type not recognised). */
export function contentMatches(contentType: string, bytes: Buffer): boolean {
  return (RECOGNISED as Record<string, (b: Buffer) => boolean>)[contentType]?.(bytes) ?? false;
}

/** A file name, not a path: no separators, no control or bidi-override characters, not `.`/`..`. */
export function isPlainName(name: string): boolean {
  return !/[/\\\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(name) && !/^\s*\.{0,2}\s*$/.test(name);
}

export const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
