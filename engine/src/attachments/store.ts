/**
 * Stored attachments (table `attachments`): files are checked by content, scanned, sealed with
 * the data key ring (AES-256-GCM) and written with their instance; read back only whole. A file
 * field's value lists references to them, which the engine checks on submit: each must be a
 * file of the same case, unchanged, of an accepted type and size.
 */
import { randomBytes } from 'node:crypto';
import { createError, type ErrorDetail, type Lang } from '../errors.ts';
import type { FormField } from '../generated/index.ts';
import { dataFields } from '../forms/index.ts';
import { say } from '../locale/index.ts';
import { openBytes, sealBytes, type KeyRing } from '../privacy/index.ts';
import { attachments, type Db } from '../store/index.ts';
import { accepts, contentMatches, isPlainName, sha256 } from './content.ts';
import type { AttachmentScanner, ScanMeta } from './scanner.ts';

/** A stored file as a file field's value refers to it. */
export interface AttachmentRef {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

export interface Upload {
  name: string;
  contentType: string;
  content: Buffer;
  /** Where the file is in the request, for the problem's pointer (`/files/0/data`, `/body`). */
  pointer: string;
}

export interface Limits {
  /** The accepted types (none: every recognised type). */
  accept?: readonly string[];
  maxSize: number;
}

const rejected = (pointer: string, message: string) =>
  createError('CW_ERR_UPLOAD_REJECTED', undefined, {
    details: [{ code: 'CW_ERR_UPLOAD_REJECTED', pointer, message }],
  });

/**
 * Refuses (throws) unless every file has a plain name, an accepted type its content confirms,
 * a size within the limit, and the scanner's approval. Nothing is stored: check a whole
 * request before storing any of it.
 */
export async function screenUploads(
  uploads: readonly Upload[],
  limits: Limits,
  scanner: AttachmentScanner,
  meta: Omit<ScanMeta, 'name' | 'contentType' | 'size'>,
): Promise<void> {
  for (const u of uploads) {
    const namePointer = u.pointer.replace(/\/(data|body)$/, '/name');
    if (!isPlainName(u.name) || u.name.length > 255)
      throw rejected(namePointer, 'not a plain file name');
    if (!accepts(limits.accept, u.contentType))
      throw rejected(u.pointer, `${u.contentType} is not accepted here`);
    if (u.content.length === 0) throw rejected(u.pointer, 'empty file');
    if (u.content.length > limits.maxSize)
      throw rejected(u.pointer, `larger than ${limits.maxSize} bytes`);
    if (!contentMatches(u.contentType, u.content))
      throw rejected(u.pointer, `not a ${u.contentType} file`);
  }
  for (const u of uploads) {
    let verdict;
    try {
      verdict = await scanner.scan(u.content, {
        ...meta,
        name: u.name,
        contentType: u.contentType,
        size: u.content.length,
      });
    } catch (e) {
      throw createError(
        'CW_ERR_SERVICE_UNREACHABLE',
        `the attachment scanner failed: ${(e as Error).message}`,
        {
          cause: e,
          data: { scanner: scanner.name },
        },
      );
    }
    if (!verdict.clean)
      throw createError('CW_ERR_UPLOAD_INFECTED', undefined, {
        details: [{ code: 'CW_ERR_UPLOAD_INFECTED', pointer: u.pointer, message: verdict.reason }],
      });
  }
}

/** Seals and writes one screened file; returns its reference. */
export async function storeAttachment(
  db: Pick<Db, 'query'>,
  ring: KeyRing,
  u: Upload,
  origin: {
    instanceId: string;
    uploadedBy: string;
    taskId?: string;
    field?: string;
    /** A customer's upload for a wait (its subscription) and a line of it (a document code). */
    waitId?: string;
    item?: string;
    scannedBy: string;
    now: Date;
  },
): Promise<AttachmentRef & { sha256: string }> {
  const id = `doc_${randomBytes(12).toString('base64url')}`;
  const sealed = sealBytes(ring, u.content);
  const hash = sha256(u.content);
  await attachments.insertAttachment(db, {
    id,
    instanceId: origin.instanceId,
    name: u.name,
    contentType: u.contentType,
    size: u.content.length,
    sha256: hash,
    keyId: sealed.keyId,
    data: sealed.data,
    uploadedBy: origin.uploadedBy,
    now: origin.now,
    taskId: origin.taskId ?? null,
    field: origin.field ?? null,
    scannedBy: origin.scannedBy,
    waitId: origin.waitId ?? null,
    item: origin.item ?? null,
  });
  return { id, name: u.name, size: u.content.length, contentType: u.contentType, sha256: hash };
}

/** The files a customer has sent for one wait so far, oldest first, each with its line. */
export async function waitUploads(
  db: Pick<Db, 'query'>,
  waitId: string,
): Promise<(AttachmentRef & { item: string | null; sha256: string })[]> {
  return (await attachments.uploadsForWait(db, waitId)).map((a) => ({
    id: a.id,
    name: a.name,
    contentType: a.content_type,
    size: a.size,
    item: a.item,
    sha256: a.sha256,
  }));
}

/** What the case's files are (no content): newest last, for the task view's documents. */
export async function listAttachments(
  db: Db,
  instanceId: string,
): Promise<
  (AttachmentRef & {
    uploadedBy: string;
    taskId: string | null;
    field: string | null;
    /** The line of the documents asked for that a customer sent it against, if any. */
    item: string | null;
    createdAt: string;
  })[]
> {
  return (await attachments.attachmentsOf(db, instanceId)).map((a) => ({
    id: a.id,
    name: a.name,
    contentType: a.content_type,
    size: a.size,
    uploadedBy: a.uploaded_by,
    taskId: a.task_id,
    field: a.field,
    item: a.item,
    createdAt: a.created_at.toISOString(),
  }));
}

export async function readAttachment(
  db: Db,
  ring: KeyRing,
  id: string,
): Promise<(AttachmentRef & { instanceId: string; content: Buffer }) | null> {
  const row = await attachments.readAttachmentRow(db, id);
  if (!row) return null;
  return {
    id: row.id,
    instanceId: row.instance_id,
    name: row.name,
    size: row.size,
    contentType: row.content_type,
    content: openBytes(ring, row.key_id, row.data),
  };
}

/**
 * The problems with the file references in submitted form data: each must name a stored file
 * of `instanceId` (none before the case exists), with its recorded name, size and type, which
 * the field accepts and whose size is within its `maxSize`, and not the same content as another
 * file of the same field's value (one document uploaded twice). Pointers are the data's.
 */
export async function checkFileReferences(
  db: Pick<Db, 'query'>,
  fields: FormField[],
  data: Record<string, unknown>,
  instanceId: string | null,
  lang: Lang,
): Promise<ErrorDetail[]> {
  const found: {
    pointer: string;
    field: FormField;
    ref: Partial<AttachmentRef>;
    /** The field's value this reference is in (one list: the same content twice is refused). */
    list: number;
  }[] = [];
  let lists = 0;
  const walk = (list: FormField[], level: unknown, base: string) => {
    if (!level || typeof level !== 'object' || Array.isArray(level)) return;
    const values = level as Record<string, unknown>;
    for (const f of dataFields(list)) {
      const v = values[f.key];
      const at = `${base}/${f.key}`;
      if (f.type === 'file' && Array.isArray(v)) {
        const list = lists++;
        v.forEach((ref, i) =>
          found.push({ pointer: `${at}/${i}`, field: f, ref: ref ?? {}, list }),
        );
      } else if (f.type === 'group' && Array.isArray(v))
        v.forEach((item, i) => walk(f.fields ?? [], item, `${at}/${i}`));
      else if (f.type === 'group') walk(f.fields ?? [], v, at);
    }
  };
  walk(fields, data, '');
  if (!found.length) return [];
  const ids = found.map((x) => String(x.ref.id));
  const rows = new Map((await attachments.attachmentFacts(db, ids)).map((row) => [row.id, row]));
  const problems: ErrorDetail[] = [];
  const problem = (pointer: string, en: string, zhText: string) =>
    problems.push({ code: 'CW_ERR_FORM_INVALID', pointer, message: say(lang, zhText, en) });
  /** Contents already in each list: the same document uploaded twice is attached once. */
  const contents = new Set<string>();
  for (const { pointer, field, ref, list } of found) {
    const row = rows.get(String(ref.id));
    if (!row || row.instance_id !== instanceId) {
      problem(pointer, 'is not a file of this case', '不是此案件的檔案');
      continue;
    }
    const content = `${list}:${row.sha256}`;
    if (contents.has(content)) {
      problem(pointer, 'is the same file as an earlier one', '與前面的檔案相同');
      continue;
    }
    contents.add(content);
    if (row.name !== ref.name || row.size !== ref.size || row.content_type !== ref.contentType)
      problem(pointer, 'does not match the stored file', '與已儲存的檔案不符');
    else if (!accepts(field.accept, row.content_type))
      problem(
        pointer,
        `${row.content_type} is not accepted here`,
        `不接受 ${row.content_type} 類型`,
      );
    else if (field.maxSize !== undefined && row.size > field.maxSize)
      problem(pointer, `is larger than ${field.maxSize} bytes`, `大於 ${field.maxSize} 位元組`);
  }
  return problems;
}
