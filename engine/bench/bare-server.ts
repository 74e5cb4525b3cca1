/**
 * The floor under the engine's HTTP cost: a bare `node:http` server, or a bare Fastify route,
 * that answers `POST /api/instances` with the JSON of a completed straight-through case (201),
 * parsing the body and doing nothing else. Load it with wrk and read its CPU from /proc, as
 * straight-probe does for the engine (docs/benchmarks.md, issue 18 item 3):
 *
 *   npx tsx engine/bench/bare-server.ts http 18998 &   # or: fastify
 *   wrk -t2 -c32 -d5s -s engine/bench/wrk-start.lua http://127.0.0.1:18998/api/instances -- 0 t straight
 *   # CPU µs per request: (utime + stime of its /proc/<pid>/stat, in ticks) × 10,000 ÷ requests
 */
import { createServer } from 'node:http';
import Fastify from 'fastify';

const [kind = 'http', port = '18998'] = process.argv.slice(2);
const now = new Date().toISOString();
const body = JSON.stringify({
  id: '01a249b0-c444-7a32-aaf8-e29e06c56d0e',
  processId: 'straight',
  processVersion: 1,
  businessKey: null,
  reference: 'G6J92M01ERMQ',
  status: 'completed',
  outcome: null,
  variables: { i: 1, n: 1 },
  tokens: [],
  parentId: null,
  revision: 1,
  startedBy: 'bench',
  startedAt: now,
  endedAt: now,
});

if (kind === 'http')
  createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      JSON.parse(text);
      res.writeHead(201, { 'content-type': 'application/json' }).end(body);
    });
  }).listen(Number(port));
else {
  const app = Fastify();
  app.post('/api/instances', async (_req, reply) => reply.status(201).send(JSON.parse(body)));
  await app.listen({ port: Number(port) });
}
