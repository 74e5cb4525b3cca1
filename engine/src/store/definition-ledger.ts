/**
 * definitions/'s ledger on PostgreSQL: `definition_versions` (every version recorded, with
 * its content hash and body, never changed once written), `definition_drafts` (one draft
 * per kind and id) and `definition_publications` (each publish's change note, who, when). Definitions are not case data: the sealing client leaves these tables'
 * JSON as it is (store/db.ts).
 */
import type {
  DefinitionKind,
  DefinitionLedger,
  DraftRecord,
  PublicationRecord,
  RecordedVersion,
} from '../definitions/index.ts';
import type { Queryable } from './db.ts';

interface DraftRow {
  kind: DefinitionKind;
  id: string;
  body: Record<string, unknown>;
  base_version: number | null;
  updated_at: Date;
  updated_by: string;
}

const draftOf = (r: DraftRow): DraftRecord => ({
  kind: r.kind,
  id: r.id,
  body: r.body,
  baseVersion: r.base_version,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export function definitionLedger(db: Queryable): DefinitionLedger {
  return {
    async recordedVersions() {
      const r = await db.query<RecordedVersion>(
        'SELECT kind, id, version, hash, body, source FROM definition_versions',
      );
      return r.rows;
    },
    async size() {
      const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM definition_versions`);
      return r.rows[0]?.n ?? 0;
    },
    async recordVersion(v) {
      const r = await db.query<{ hash: string }>(
        `INSERT INTO definition_versions (kind, id, version, hash, body, source) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (kind, id, version) DO UPDATE SET kind = EXCLUDED.kind RETURNING hash`,
        [v.kind, v.id, v.version, v.hash, v.body, v.source],
      );
      return r.rows[0]?.hash;
    },
    async drafts() {
      const r = await db.query<DraftRow>(
        `SELECT kind, id, base_version, updated_at, updated_by FROM definition_drafts ORDER BY kind, id`,
      );
      return r.rows.map((row) => {
        const { body: _body, ...rest } = draftOf(row);
        return rest;
      });
    },
    async draft(kind, id) {
      const r = await db.query<DraftRow>(
        `SELECT * FROM definition_drafts WHERE kind = $1 AND id = $2`,
        [kind, id],
      );
      return r.rows[0] && draftOf(r.rows[0]);
    },
    async putDraft(d) {
      const r = await db.query<DraftRow>(
        `INSERT INTO definition_drafts (kind, id, body, base_version, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (kind, id) DO UPDATE SET body = $3, base_version = $4, updated_at = $5, updated_by = $6
         RETURNING *`,
        [d.kind, d.id, d.body, d.baseVersion, d.updatedAt, d.updatedBy],
      );
      return draftOf(r.rows[0]!);
    },
    async discardDraft(kind, id, savedAt) {
      // one statement: the table as it was before the DELETE tells a changed draft from none
      const r = await db.query<{ removed: boolean; present: boolean }>(
        `WITH gone AS (
           DELETE FROM definition_drafts
            WHERE kind = $1 AND id = $2 AND ($3::timestamptz IS NULL OR updated_at = $3)
           RETURNING 1)
         SELECT EXISTS (SELECT 1 FROM gone) AS removed,
                EXISTS (SELECT 1 FROM definition_drafts WHERE kind = $1 AND id = $2) AS present`,
        [kind, id, savedAt ?? null],
      );
      const row = r.rows[0]!;
      return row.removed ? 'removed' : row.present ? 'changed' : 'absent';
    },
    async recordPublication(p) {
      // one statement, so the note is recorded and the draft removed together
      await db.query(
        `WITH gone AS (DELETE FROM definition_drafts WHERE kind = $1 AND id = $2)
         INSERT INTO definition_publications (kind, id, version, note, published_by, published_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [p.kind, p.id, p.version, p.note, p.publishedBy, p.publishedAt],
      );
    },
    async publications(kind, id) {
      const r = await db.query<{
        version: number;
        note: string;
        published_by: string;
        published_at: Date;
      }>(
        `SELECT version, note, published_by, published_at FROM definition_publications
          WHERE kind = $1 AND id = $2 ORDER BY version`,
        [kind, id],
      );
      return r.rows.map((x): PublicationRecord => ({
        kind,
        id,
        version: x.version,
        note: x.note,
        publishedBy: x.published_by,
        publishedAt: x.published_at,
      }));
    },
  };
}
