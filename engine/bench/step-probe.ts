/**
 * CPU milliseconds of one pure step (no database) of a 22-node process: 20 service tasks each
 * mapping two FEEL inputs, then an exclusive gateway with a regex condition, so 41 expressions
 * a step. Given another checkout's root, it measures that one's runtime instead, so a change to
 * the interpreter or the expressions can be compared before and after on one machine
 * (docs/benchmarks.md). Median of 5 rounds.
 *
 *   npx tsx engine/bench/step-probe.ts [root of a checkout, default this one] [steps per round]
 */
import { fileURLToPath } from 'node:url';

const root = process.argv[2] || fileURLToPath(new URL('../..', import.meta.url));
const N = Number(process.argv[3] ?? 300);
const runtime = (await import(
  `${root}/engine/src/runtime/index.ts`
)) as typeof import('../src/runtime/index.ts');

const nodes = [
  { id: 's', type: 'start' },
  ...Array.from({ length: 20 }, (_, i) => ({
    id: `a${i}`,
    type: 'serviceTask',
    action: i % 2 ? 'set-variables' : 'noop',
    input: { i: String(i), big: 'amount > 1000 and severity = "major"' },
  })),
  { id: 'g', type: 'exclusiveGateway', default: 'fe' },
  { id: 'e', type: 'end' },
  { id: 'e2', type: 'end' },
];
const flows: Record<string, string>[] = nodes
  .slice(1, 22)
  .map((n, i) => ({ id: `f${i}`, from: nodes[i]!.id, to: n.id }));
flows.push({
  id: 'fc',
  from: 'g',
  to: 'e2',
  condition: 'matches(ref, "^CLM-[0-9]+$") and amount > 100000',
});
flows.push({ id: 'fe', from: 'g', to: 'e' });
const graph = runtime.buildGraph({
  id: 'p',
  version: 1,
  name: { en: 'p', 'zh-Hant': 'p' },
  nodes,
  flows,
} as unknown as Parameters<typeof runtime.buildGraph>[0]);
const ctx = {
  now: Date.parse('2026-01-01T00:00:00Z'),
  newInstanceId: () => 'c1',
  latestFormVersion: () => 1,
};
const variables = { amount: 5000, severity: 'major', ref: 'CLM-1' };

const rounds: number[] = [];
for (let r = 0; r < 5; r++) {
  const before = process.cpuUsage();
  for (let i = 0; i < N; i++)
    runtime.step(
      graph,
      runtime.initialState(`i${i}`, variables),
      { type: 'start', actor: 'u' },
      ctx,
    );
  const used = process.cpuUsage(before);
  rounds.push((used.user + used.system) / N / 1000);
}
rounds.sort((a, b) => a - b);
console.log(`${root}: ${rounds[2]!.toFixed(2)} ms CPU per 22-node step (median of 5)`);
