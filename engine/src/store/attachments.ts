/**
 * The `attachments` table: uploaded files of a case, sealed (AES-256-GCM, the key ring's key
 * id beside the bytes), with their name, type, size, sha256, who uploaded them for which task
 * and field, and which scanner passed them. Sealing and checking are attachments/'s.
 */
import type { Queryable } from './db.ts';

export interface NewAttachmentRow {
  id: string;
  instanceId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  keyId: string;
  data: Buffer;
  uploadedBy: string;
  now: Date;
  taskId: string | null;
  field: string | null;
  scannedBy: string;
  /** A customer's upload for a wait (its subscription) and a line of it (a document code). */
  waitId: string | null;
  item: string | null;
}

export async function insertAttachment(db: Queryable, a: NewAttachmentRow): Promise<void> {
  await db.query(
    `INSERT INTO attachments (id, instance_id, name, content_type, size, sha256, key_id, data, uploaded_by, created_at, task_id, field, scanned_by, wait_id, item)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      a.id,
      a.instanceId,
      a.name,
      a.contentType,
      a.size,
      a.sha256,
      a.keyId,
      a.data,
      a.uploadedBy,
      a.now,
      a.taskId,
      a.field,
      a.scannedBy,
      a.waitId,
      a.item,
    ],
  );
}

/** A case's files without their content, oldest first. */
export async function attachmentsOf(
  db: Queryable,
  instanceId: string,
): Promise<
  {
    id: string;
    name: string;
    content_type: string;
    size: number;
    uploaded_by: string;
    task_id: string | null;
    field: string | null;
    item: string | null;
    created_at: Date;
  }[]
> {
  const r = await db.query<{
    id: string;
    name: string;
    content_type: string;
    size: number;
    uploaded_by: string;
    task_id: string | null;
    field: string | null;
    item: string | null;
    created_at: Date;
  }>(
    `SELECT id, name, content_type, size, uploaded_by, task_id, field, item, created_at
     FROM attachments WHERE instance_id = $1 ORDER BY created_at, seq`,
    [instanceId],
  );
  return r.rows;
}

/** The files a customer has sent for one wait so far, oldest first, each with its line. */
export async function uploadsForWait(
  db: Queryable,
  waitId: string,
): Promise<
  {
    id: string;
    name: string;
    content_type: string;
    size: number;
    item: string | null;
    sha256: string;
  }[]
> {
  const r = await db.query<{
    id: string;
    name: string;
    content_type: string;
    size: number;
    item: string | null;
    sha256: string;
  }>(
    `SELECT id, name, content_type, size, item, sha256 FROM attachments
     WHERE wait_id = $1 ORDER BY seq`,
    [waitId],
  );
  return r.rows;
}

/** One file with its sealed content. */
export async function readAttachmentRow(
  db: Queryable,
  id: string,
): Promise<
  | {
      id: string;
      instance_id: string;
      name: string;
      content_type: string;
      size: number;
      key_id: string;
      data: Buffer;
    }
  | undefined
> {
  const r = await db.query<{
    id: string;
    instance_id: string;
    name: string;
    content_type: string;
    size: number;
    key_id: string;
    data: Buffer;
  }>(
    `SELECT id, instance_id, name, content_type, size, key_id, data FROM attachments WHERE id = $1`,
    [id],
  );
  return r.rows[0];
}

/** What a file reference is checked against: the case, name, type and size of each file. */
export async function attachmentFacts(
  db: Queryable,
  ids: string[],
): Promise<
  {
    id: string;
    instance_id: string;
    name: string;
    content_type: string;
    size: number;
    sha256: string;
  }[]
> {
  const r = await db.query<{
    id: string;
    instance_id: string;
    name: string;
    content_type: string;
    size: number;
    sha256: string;
  }>(
    `SELECT id, instance_id, name, content_type, size, sha256 FROM attachments WHERE id = ANY($1)`,
    [ids],
  );
  return r.rows;
}
