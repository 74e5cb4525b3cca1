import { describe, expect, test } from 'vitest';
import {
  assertMayWorkOpenTask,
  caseActions,
  defaultPermissions,
  documentAccess,
  mayEverWork,
  mayManageTokensOf,
  mayReassign,
  mayReassignTo,
  mayUnclaim,
  mayWork,
  type Actor,
} from './policy.ts';

const as = (a: Omit<Actor, 'permissions'>): Actor => ({
  ...a,
  permissions: defaultPermissions(a.roles),
});
const alice = as({ id: 'alice', roles: ['staff'], groups: ['adjusters'] });
const sue = as({
  id: 'sue',
  roles: ['supervisor'],
  groups: ['leads'],
  supervises: ['adjusters'],
});
const admin = as({ id: 'root', roles: ['admin'], groups: [] });
const dana = as({ id: 'dana', roles: ['designer'], groups: [] });
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
      as({ ...dana, roles: ['designer', 'personal-data'] }),
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

describe('who may do what with tasks and cases', () => {
  test.each([
    ['her own claim', alice, task({ assignee: 'alice' }), true],
    ["a colleague's claim", alice, task({ assignee: 'adam' }), false],
    ['a claim in a group she supervises', sue, task({ assignee: 'adam' }), true],
    ['any claim, as administrator', admin, task({ assignee: 'adam' }), true],
  ])('unclaim: %s', (_what, actor, t, may) => {
    expect(mayUnclaim(actor, t)).toBe(may);
  });

  test.each([
    ['a task of a group she supervises, claimed by someone', sue, task({ assignee: 'adam' }), true],
    ['a task of another group', sue, task({ candidate_groups: ['payment'] }), false],
    ['any task, as administrator', admin, task({ candidate_groups: ['payment'] }), true],
  ])('reassign: %s', (_what, actor, t, may) => {
    expect(mayReassign(actor, t)).toBe(may);
  });

  test.each([
    ['to a user of a group she supervises', sue, { userGroups: ['adjusters'] }, true],
    ['to a user of no group of hers', sue, { userGroups: ['payment'] }, false],
    ['to a group she supervises', sue, { group: 'adjusters' }, true],
    ['to another group', sue, { group: 'payment' }, false],
    ['to anyone, as administrator', admin, { group: 'payment' }, true],
  ])('reassign %s', (_what, actor, to, may) => {
    expect(mayReassignTo(actor, to)).toBe(may);
  });

  test('the actions on a case follow the duties', () => {
    const open = [{ ...task(), id: 'k1' }];
    expect(caseActions(sue, { active: true, openTasks: open })).toEqual({
      cancel: true,
      reassign: true,
      migrate: false,
      retryIncident: true,
      note: true,
      downloadDocuments: true,
    });
    expect(caseActions(dana, { active: true, openTasks: open })).toEqual({
      cancel: false,
      reassign: false,
      migrate: true,
      retryIncident: false,
      note: true,
      downloadDocuments: false,
    });
    expect(caseActions(admin, { active: false, openTasks: [] })).toMatchObject({
      cancel: false,
      reassign: false,
      migrate: false,
    });
  });

  test("API tokens: one's own, or anyone's for administrators", () => {
    expect(mayManageTokensOf(alice, 'alice')).toBe(true);
    expect(mayManageTokensOf(alice, 'adam')).toBe(false);
    expect(mayManageTokensOf(admin, 'adam')).toBe(true);
  });
});
