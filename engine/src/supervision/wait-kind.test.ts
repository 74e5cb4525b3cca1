/**
 * What the deadline worklist says a case waits on, per kind of token wait: a gateway holding
 * its token is a gateway decision (an incident while it has one), not a task.
 */
import { describe, expect, it } from 'vitest';
import { waitKindOf } from './worklist.ts';

describe('waitKindOf', () => {
  it.each([
    ['task', false, 'task'],
    ['message', false, 'customer'],
    ['timer', false, 'timer'],
    ['job', false, 'service'],
    ['job', true, 'incident'],
    ['call', false, 'subcase'],
    ['gateway', false, 'gateway'],
    ['gateway', true, 'incident'],
    ['join', false, 'task'],
  ] as const)('%s (incident: %s) is %s', (wait, incident, kind) => {
    expect(waitKindOf(wait, incident)).toBe(kind);
  });
});
