/** The public upload route's limits, as the engine enforces them (it also checks the content). */
export const UPLOAD_LIMITS = {
  maxFiles: 5,
  maxBytes: 5 * 1024 * 1024,
  types: ['application/pdf', 'image/png', 'image/jpeg'],
} as const;

export interface Upload {
  name: string;
  contentType: string;
  data: string;
}

export interface UploadProblem {
  kind: 'noFiles' | 'tooMany' | 'badType' | 'tooLarge';
  name?: string;
}

/** Base64 of bytes, in chunks (large files would overflow `String.fromCharCode(...all)`). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A file's bytes as base64 (FileReader: every browser, and jsdom). */
function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(toBase64(new Uint8Array(reader.result as ArrayBuffer)));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsArrayBuffer(file);
  });
}

/** The chosen files as uploads, or what keeps them from being sent. */
export async function readUploads(
  list: ArrayLike<File> | null | undefined,
): Promise<{ files: Upload[]; problems: UploadProblem[] }> {
  const chosen = Array.from(list ?? []);
  const problems: UploadProblem[] = [];
  if (!chosen.length) problems.push({ kind: 'noFiles' });
  if (chosen.length > UPLOAD_LIMITS.maxFiles) problems.push({ kind: 'tooMany' });
  for (const f of chosen) {
    if (!(UPLOAD_LIMITS.types as readonly string[]).includes(f.type))
      problems.push({ kind: 'badType', name: f.name });
    else if (f.size > UPLOAD_LIMITS.maxBytes) problems.push({ kind: 'tooLarge', name: f.name });
  }
  if (problems.length) return { files: [], problems };
  const files = await Promise.all(
    chosen.map(async (f) => ({
      name: f.name,
      contentType: f.type,
      data: await readBase64(f),
    })),
  );
  return { files, problems };
}
