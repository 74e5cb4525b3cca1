/**
 * A PostgreSQL connection that ends in the middle of a transaction, between two statements
 * (a server restart, an administrator's pg_terminate_backend), fails that transaction only:
 * the process does not die of an unhandled 'error' event, the broken connection is not handed
 * out again, and the next transaction runs on a fresh one.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb, type Db } from '../../engine/src/store/index.ts';
import { DATABASE_URL } from '../helpers/engine.ts';

const schema = `cl_${randomBytes(4).toString('hex')}`;
let db: Db;
let admin: pg.Client;

beforeAll(async () => {
  db = await connectDb(DATABASE_URL, { schema, max: 1 });
  admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
});
afterAll(async () => {
  await db.close();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

describe('a connection lost inside a transaction', () => {
  it('fails that transaction, and the next one runs on a new connection', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      await db.query(`CREATE TABLE t (n int)`);
      let killed = 0;
      // When the server ends the connection while the transaction waits between statements
      const failed = db.tx(async (tx) => {
        await tx.query(`INSERT INTO t VALUES (1)`);
        const pid = (await tx.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid as number;
        // listen before terminating: the connection's end may arrive before the admin's answer
        const ended = new Promise<void>((resolve) => tx.once('end', () => resolve()));
        await admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
        killed = pid;
        // the connection's end arrives while no statement runs
        await ended;
        await tx.query(`INSERT INTO t VALUES (2)`);
      });
      // Then only that transaction fails, with the connection's error
      await expect(failed).rejects.toThrow();
      expect(killed).toBeGreaterThan(0);
      // and the pool (of one) serves the next transaction on a fresh connection
      const pid = await db.tx(
        async (tx) => (await tx.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid as number,
      );
      expect(pid).not.toBe(killed);
      expect((await db.query(`SELECT count(*)::int AS n FROM t`)).rows[0]!.n).toBe(0);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
