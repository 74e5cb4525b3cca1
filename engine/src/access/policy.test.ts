import { describe, expect, test } from 'vitest';
import {
  assertMayWorkOpenTask,
  documentAccess,
  mayEverWork,
  mayWork,
  type Actor,
} from './policy.ts';

const alice: Actor = { id: 'alice', roles: ['staff'], groups: ['adjusters'] };
const sue: Actor = {
  id: 'sue',
  roles: ['supervisor'],
  groups: ['leads'],
  supervises: ['adjusters'],
};
const admin: Actor = { id: 'root', roles: ['admin'], groups: [] };
const dana: Actor = { id: 'dana', roles: ['designer'], groups: [] };
const task = (
  over: Partial<{
    assignee: string | null;
    candidate_groups: string[];
    candidate_users: string[];
  }> = {},
) => ({
  assignee: null,
  candidate_groups: ['adjusters'],
  candidate_users: [],
  ...over,
});

describe('may this actor work this task (the one rule)', () => {
  test.each([
    ['offered to her group', alice, task(), true, true],
    [
      'offered to her by name',
      alice,
      task({ candidate_groups: [], candidate_users: ['alice'] }),
      true,
      true,
    ],
    ['assigned to her', alice, task({ assignee: 'alice' }), true, true],
    ['claimed by a colleague', alice, task({ assignee: 'adam' }), false, true],
    ['of another group', alice, task({ candidate_groups: ['underwriters'] }), false, false],
    ['offered to nobody in particular', alice, task({ candidate_groups: [] }), true, true],
    ['a supervised group, claimed by someone', sue, task({ assignee: 'adam' }), true, true],
    ['an unsupervised group', sue, task({ candidate_groups: ['underwriters'] }), false, false],
    [
      'anything, for an administrator',
      admin,
      task({ candidate_groups: ['x'], assignee: 'y' }),
      true,
      true,
    ],
    ['a designer, who sees every case', dana, task(), false, false],
  ])('%s', (_what, actor, t, now, ever) => {
    expect(mayWork(actor, t)).toBe(now);
    expect(mayEverWork(actor, t)).toBe(ever);
  });

  test.each([
    [task({ candidate_groups: ['underwriters'] }), 'open', 'CW_ERR_NOT_FOUND'],
    [task(), 'completed', 'CW_ERR_TASK_ALREADY_COMPLETED'],
    [task(), 'cancelled', 'CW_ERR_TASK_NOT_OPEN'],
    [task({ assignee: 'adam' }), 'open', 'CW_ERR_TASK_CLAIMED'],
    [task(), 'open', null],
  ])('an open task check of %o (%s) gives %s', (t, status, code) => {
    let got: string | null = null;
    try {
      assertMayWorkOpenTask(alice, { ...t, id: 'k1', status });
    } catch (e) {
      got = (e as { code: string }).code;
    }
    expect(got).toBe(code);
  });

  test.each([
    [
      'the personal-data role, without any task',
      { ...dana, roles: ['designer', 'personal-data'] },
      [],
      { basis: 'personal-data' },
    ],
    [
      'an open task offered to her group',
      alice,
      [{ ...task(), id: 'k1' }],
      { basis: 'task', taskId: 'k1' },
    ],
    [
      'only a task claimed by a colleague',
      alice,
      [{ ...task({ assignee: 'adam' }), id: 'k1' }],
      null,
    ],
    ['a designer who sees every case', dana, [{ ...task(), id: 'k1' }], null],
    ['no open task at all', alice, [], null],
  ])('documents: %s', (_what, actor, open, access) => {
    expect(documentAccess(actor, open)).toEqual(access);
  });
});
