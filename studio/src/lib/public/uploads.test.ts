import { describe, expect, it } from 'vitest';
import { readUploads, toBase64, UPLOAD_LIMITS } from './uploads';

describe('documents a customer uploads', () => {
  it('reads a PDF as base64', async () => {
    const pdf = new File(['%PDF-1.4\n%%EOF\n'], 'invoice.pdf', { type: 'application/pdf' });
    const { files, problems } = await readUploads([pdf]);
    expect(problems).toEqual([]);
    expect(files).toEqual([
      { name: 'invoice.pdf', contentType: 'application/pdf', data: btoa('%PDF-1.4\n%%EOF\n') },
    ]);
  });

  it('refuses other types, too many files and none', async () => {
    const txt = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    expect((await readUploads([txt])).problems).toEqual([{ kind: 'badType', name: 'notes.txt' }]);
    expect((await readUploads([])).problems).toEqual([{ kind: 'noFiles' }]);
    const png = new File(['x'], 'a.png', { type: 'image/png' });
    const many = Array.from({ length: UPLOAD_LIMITS.maxFiles + 1 }, () => png);
    expect((await readUploads(many)).problems).toEqual([{ kind: 'tooMany' }]);
  });

  it('encodes large files in chunks', () => {
    const bytes = new Uint8Array(100_000).fill(65);
    expect(toBase64(bytes)).toBe(btoa('A'.repeat(100_000)));
  });
});
