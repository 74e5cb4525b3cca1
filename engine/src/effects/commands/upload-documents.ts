/**
 * A customer's documents for one wait of their case (the tracking link's upload): the files,
 * already screened, are stored with the answer in one transaction. Without lines the wait is
 * answered by the files at once; with lines (`line`), the files are held for their line under
 * the case's lock, and the wait is answered by the upload that completes the lines asked for
 * now (`missing` says what is still wanted).
 */
import { storeAttachment, waitUploads, type Upload } from '../../attachments/index.ts';
import { askedItems, missingItems } from '../../cases/index.ts';
import { createError, fieldError, type Lang } from '../../errors.ts';
import type { PublicUpload } from '../../generated/index.ts';
import type { KeyRing } from '../../privacy/index.ts';
import { instances } from '../../store/index.ts';
import type { CommandContext } from '../context.ts';
import { answerWait, type WaitAnswered } from './answer-wait.ts';

export interface DocumentsUpload {
  instanceId: string;
  subscriptionId: string;
  messageId: string;
  /** The files, checked and scanned, and the sha256 of each. */
  uploads: Upload[];
  hashes: string[];
  ring: KeyRing;
  origin: { uploadedBy: string; scannedBy: string; now: Date };
  /** For a wait that lists lines: the line the files are for. */
  line?: { item: string; upload: PublicUpload; maxFiles: number; lang: Lang };
}

export async function uploadDocuments(
  ctx: CommandContext,
  d: DocumentsUpload,
): Promise<WaitAnswered & { missing: string[] }> {
  const origin = { instanceId: d.instanceId, ...d.origin };
  let missing: string[] = [];
  const answered = await answerWait(ctx, {
    instanceId: d.instanceId,
    subscriptionId: d.subscriptionId,
    messageId: d.messageId,
    payload: async (tx) => {
      if (!d.line) {
        const stored = [];
        for (const u of d.uploads) {
          const { id, name, contentType, size } = await storeAttachment(tx, d.ring, u, origin);
          stored.push({ id, name, contentType, size });
        }
        return { documents: stored };
      }
      const { item, upload, maxFiles, lang } = d.line;
      // under the case's lock: the lines asked for now, and the files held for them
      const row = (await instances.readInstance(tx, d.instanceId))!;
      const asked = askedItems(upload, row.state.variables);
      if (!asked.includes(item)) throw fieldError('CW_ERR_UPLOAD_ITEM_UNKNOWN', '/item', lang);
      const held = await waitUploads(tx, d.subscriptionId);
      const line = held.filter((h) => h.item === item);
      // a file sent again for its line (a retry) is kept once
      const fresh = d.uploads.filter(
        (u, n) =>
          !line.some((h) => h.sha256 === d.hashes[n]) && d.hashes.indexOf(d.hashes[n]!) === n,
      );
      if (line.length + fresh.length > maxFiles)
        throw createError('CW_ERR_UPLOAD_REJECTED', undefined, {
          details: [
            {
              code: 'CW_ERR_UPLOAD_REJECTED',
              pointer: '/files',
              message: `at most ${maxFiles} files for one document`,
            },
          ],
        });
      for (const u of fresh)
        held.push({
          ...(await storeAttachment(tx, d.ring, u, {
            ...origin,
            waitId: d.subscriptionId,
            item,
          })),
          item,
        });
      missing = missingItems(
        asked,
        held.map((h) => h.item),
      );
      if (missing.length) return null;
      return {
        documents: held.map(({ id, name, contentType, size, item: of }) => ({
          id,
          name,
          contentType,
          size,
          item: of,
        })),
      };
    },
  });
  return { ...answered, missing };
}
