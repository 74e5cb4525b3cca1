/**
 * definitions/'s ledger on PostgreSQL: `definition_versions` (every version recorded, with
 * its content hash and body, never changed once written) and `definition_drafts` (one draft
 * per kind and id). Definitions are not case data: the sealing client leaves these tables'
 * JSON as it is (store/db.ts).
 */
import type {
  DefinitionKind,
  DefinitionLedger,
  DraftRecord,
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
    async removeDraft(kind, id) {
      await db.query(`DELETE FROM definition_drafts WHERE kind = $1 AND id = $2`, [kind, id]);
    },
  };
}
