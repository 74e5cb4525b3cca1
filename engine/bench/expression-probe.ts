/**
 * What the expression budget costs (docs/benchmarks.md): CPU microseconds per evaluation by
 * feelin alone and through `evaluate` (counted budget, RE2, JSON result), for typical
 * expressions and for one whose iterations nest (which also starts a wall-clock deadline).
 * Median of 5 interleaved rounds.
 *
 *   npx tsx engine/bench/expression-probe.ts
 */
import { evaluate as feelEvaluate } from 'feelin';
import { evaluate } from '../src/expressions/index.ts';

const SETS: Record<string, string[]> = {
  typical: [
    'amount > 1000 and severity = "major"',
    'sum(for x in items return x.amount)',
    'if matches(ref, "^CLM-[0-9]+$") then "PT2H" else "P1D"',
  ],
  nested: ['count(for a in items, b in items return a.amount * b.amount)'],
};
const CONTEXT = {
  amount: 5000,
  severity: 'major',
  ref: 'CLM-42',
  items: [{ amount: 1 }, { amount: 2 }, { amount: 3 }],
};
const N = 2000;

function cpuMicros(expressions: string[], run: (e: string) => unknown): number {
  const before = process.cpuUsage();
  for (let i = 0; i < N; i++) for (const e of expressions) run(e);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / N / expressions.length;
}

const figures: Record<string, number[]> = {};
for (let round = 0; round < 5; round++)
  for (const [set, expressions] of Object.entries(SETS)) {
    (figures[`${set}, feelin alone`] ??= []).push(
      cpuMicros(expressions, (e) => feelEvaluate(e, CONTEXT)),
    );
    (figures[`${set}, evaluate`] ??= []).push(
      cpuMicros(expressions, (e) => evaluate(e, CONTEXT, { now: Date.now() })),
    );
  }
for (const [name, values] of Object.entries(figures)) {
  const median = values.sort((a, b) => a - b)[2]!;
  console.log(`${name.padEnd(24)} ${median.toFixed(1)} µs CPU per expression`);
}
