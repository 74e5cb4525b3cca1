import { describe, expect, it } from 'vitest';
import {
  combineScanners,
  noopScanner,
  screenUploads,
  type AttachmentScanner,
  type Upload,
} from '../../engine/src/attachments/index.ts';
import { isCasewayError } from '../../engine/src/errors.ts';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');
const upload = (name: string, content = pdf): Upload => ({
  name,
  contentType: 'application/pdf',
  content,
  pointer: `/files/${name}/data`,
});
const meta = { instanceId: 'i1', uploadedBy: 'alice' };

/** A scanner that records what it saw and refuses names starting with `bad`. */
function recording(name: string, seen: string[]): AttachmentScanner {
  return {
    name,
    async scan(_bytes, m) {
      seen.push(`${name}:${m.name}`);
      return m.name.startsWith('bad') ? { clean: false, reason: 'looks bad' } : { clean: true };
    },
  };
}

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isCasewayError(e)) throw new Error(`expected a Caseway error, got ${String(e)}`);
  return { code: e.code, details: e.details };
}

describe('attachment scanners', () => {
  it('no scanner is the no-op scanner; several run in turn and the first refusal wins', async () => {
    expect(combineScanners([])).toBe(noopScanner);
    expect(await noopScanner.scan(pdf, { ...meta, name: 'a', contentType: 'x', size: 1 })).toEqual({
      clean: true,
    });
    const seen: string[] = [];
    const both = combineScanners([recording('first', seen), recording('second', seen)]);
    expect(both.name).toBe('first+second');
    const refused = await refusal(
      screenUploads([upload('ok.pdf'), upload('bad.pdf')], { maxSize: 1000 }, both, meta),
    );
    expect(refused).toEqual({
      code: 'CW_ERR_UPLOAD_INFECTED',
      details: [
        {
          code: 'CW_ERR_UPLOAD_INFECTED',
          pointer: '/files/bad.pdf/data',
          message: 'first: looks bad',
        },
      ],
    });
    expect(seen).toEqual(['first:ok.pdf', 'second:ok.pdf', 'first:bad.pdf']);
  });

  it('checks every file by content before any is scanned', async () => {
    const seen: string[] = [];
    const refused = await refusal(
      screenUploads(
        [upload('ok.pdf'), upload('fake.pdf', Buffer.from('MZ not a pdf'))],
        { maxSize: 1000 },
        recording('s', seen),
        meta,
      ),
    );
    expect(refused.code).toBe('CW_ERR_UPLOAD_REJECTED');
    expect(refused.details).toEqual([
      {
        code: 'CW_ERR_UPLOAD_REJECTED',
        pointer: '/files/fake.pdf/data',
        message: 'not a application/pdf file',
      },
    ]);
    expect(seen).toEqual([]);
  });

  it('a scanner that fails refuses the upload: nothing unscanned gets through', async () => {
    const broken: AttachmentScanner = {
      name: 'clamd',
      scan: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:3310');
      },
    };
    const refused = await refusal(
      screenUploads([upload('ok.pdf')], { maxSize: 1000 }, broken, meta),
    );
    expect(refused.code).toBe('CW_ERR_SERVICE_UNREACHABLE');
  });
});
