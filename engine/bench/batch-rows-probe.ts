/**
 * What writing a batch of straight-through starts' rows costs, in CPU µs per instance, in this
 * process (building the parameters, pg encoding them, the protocol) and in its PostgreSQL
 * backend (executing the statements), for two versions of store/step-batch.ts in alternating
 * rounds on one connection: the machine's load moves both alike. Each batch is what a batch
 * of `BATCH` straight-through starts writes (issue 18, item 3): the cases, their twelve history
 * entries each, their search term and search state, in a transaction that is rolled back (so
 * the tables stay the same size between rounds).
 *
 *   git show <commit>:engine/src/store/step-batch.ts > /tmp/before-step-batch.ts
 *   BEFORE=/tmp/before-step-batch.ts npx tsx engine/bench/batch-rows-probe.ts [batches, 400] [rounds, 3]
 */
import { cpuOf } from './cpu.ts';
import { median, startBench } from './lib.ts';
import * as after from '../src/store/step-batch.ts';

const BATCHES = Number(process.argv[2] ?? 400);
const ROUNDS = Number(process.argv[3] ?? 3);
const BATCH = 8;
type StepBatch = typeof after;
const versions: Record<string, StepBatch> = { after };
if (process.env.BEFORE) versions.before = (await import(process.env.BEFORE)) as StepBatch;

const b = await startBench('batchrows', {});
const client = await b.db.connect();
const pid = (client as unknown as { processID: number }).processID;
const types = [
  ['instance.started', null],
  ['node.entered', 's'],
  ['node.left', 's'],
  ['node.entered', 'a0'],
  ['node.left', 'a0'],
  ['node.entered', 'a1'],
  ['node.left', 'a1'],
  ['node.entered', 'a2'],
  ['node.left', 'a2'],
  ['node.entered', 'e'],
  ['node.left', 'e'],
  ['instance.completed', null],
] as const;

let n = 0;
function batch() {
  const now = new Date();
  const rows = Array.from({ length: BATCH }, () => {
    const id = `probe-${process.pid}-${++n}`;
    return {
      ...after.insertedRow({
        id,
        processId: 'straight',
        version: 1,
        reference: `R${n}`,
        state: {
          id,
          seq: 5,
          status: 'completed',
          tokens: [],
          outcome: null,
          variables: { i: 1, n },
        } as never,
        parentId: null,
        parentTokenId: null,
        startedBy: 'bench',
        now,
      }),
      status: 'completed' as const,
      revision: 1,
      history_seq: 12,
      ended_at: now,
    };
  });
  const history = rows.map((r) => ({
    instanceId: r.id,
    afterSeq: 0,
    at: now,
    actor: 'bench',
    entries: types.map(([type, nodeId], k) => ({
      type,
      nodeId,
      tokenId: nodeId ? 't1' : null,
      data: k === 0 ? { variables: { n } } : k % 2 ? { variables: { i: 1 } } : null,
    })),
  }));
  const terms = rows.map((r) => ({
    instanceId: r.id,
    terms: [{ kind: 'reference', value: r.reference, digest: null, keyId: null }],
    keyId: 'k',
    fresh: true,
  }));
  return { rows, history, terms };
}

async function round(v: StepBatch) {
  const work = Array.from({ length: BATCHES }, batch);
  const me = process.cpuUsage();
  const backend = cpuOf(pid);
  for (const w of work) {
    await client.query('BEGIN');
    await v.insertInstanceRows(client, w.rows);
    await v.insertStepsHistory(client, w.history as never);
    await v.replaceCasesTerms(client, w.terms);
    await client.query('ROLLBACK');
  }
  const used = process.cpuUsage(me);
  const instances = BATCHES * BATCH;
  return {
    engine: Math.round((used.user + used.system) / instances),
    backend: Math.round((cpuOf(pid) - backend) / instances),
  };
}

const results: Record<string, { engine: number; backend: number }[]> = {};
try {
  for (const v of Object.values(versions)) await round(v); // warm-up: JIT, plans
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, v] of Object.entries(versions)) {
      const got = await round(v);
      (results[name] ??= []).push(got);
      console.log(name, JSON.stringify(got));
    }
} finally {
  client.release();
  await b.close();
}
console.log(
  JSON.stringify(
    Object.fromEntries(
      Object.entries(results).map(([k, rs]) => [
        k,
        {
          engineMicrosPerInstance: median(rs.map((r) => r.engine)),
          backendMicrosPerInstance: median(rs.map((r) => r.backend)),
        },
      ]),
    ),
  ),
);
process.exit(0);
