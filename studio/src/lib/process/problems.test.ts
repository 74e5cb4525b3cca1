import { describe, expect, it } from 'vitest';
import { describeProblem, problemsAndWarnings } from './problems';
import { sample } from './test-setup';

describe('describeProblem: the engine’s problems in the designer’s words', () => {
  const def = sample();

  it.each([
    [
      'en',
      {
        code: 'CW_ERR_DEF_SCHEMA',
        pointer: '/nodes/1/form/id',
        message: '/nodes/1/form/id: must match pattern',
        key: 'schema.pattern',
        params: { kind: 'identifier' },
      },
      'User task “Review” · Form',
      'Not a valid id: use lower-case letters, digits and hyphens, starting with a letter',
    ],
    [
      'zh-Hant',
      {
        code: 'CW_ERR_DEF_SCHEMA',
        pointer: '/nodes/1/form/id',
        message: 'x',
        key: 'schema.pattern',
        params: { kind: 'identifier' },
      },
      '使用者工作「審核」 · 表單',
      '識別碼無效：請使用小寫英文字母、數字與連字號，並以字母開頭',
    ],
    [
      'en',
      {
        code: 'CW_ERR_DEF_UNKNOWN_VARIABLE',
        pointer: '/flows/2/condition',
        message: 'x',
        severity: 'warning',
        key: 'lint.unknownVariable',
        params: { name: 'aproved', suggestion: 'approved' },
      },
      'Flow Approved? → Done · Condition (FEEL)',
      'Reads aproved, which the process does not hold here. Did you mean approved?',
    ],
    [
      'en',
      {
        code: 'CW_ERR_DEF_UNKNOWN_VARIABLE',
        pointer: '/flows/2/condition',
        message: 'x',
        severity: 'warning',
        key: 'lint.setLater',
        params: { name: 'cost', by: 'review' },
      },
      'Flow Approved? → Done · Condition (FEEL)',
      'Reads cost, which is only set later (by “Review”); here it is still empty',
    ],
    [
      'en',
      {
        code: 'CW_ERR_DEF_SCHEMA',
        pointer: '/retention',
        message: 'x',
        key: 'schema.pattern',
        params: { kind: 'duration' },
      },
      'Process settings · Retention',
      'Not an ISO 8601 duration: start with P, e.g. P7Y, P3D, PT4H',
    ],
    [
      'en',
      {
        code: 'CW_ERR_DEF_UNKNOWN_NODE',
        pointer: '/public/steps/1/nodes/0',
        message: 'x',
        key: 'lint.stepUnknownNode',
        params: { node: 'gone' },
      },
      'Process settings · Progress customers see · Step 2',
      'The customer step covers gone, which is not a node of the process; remove it',
    ],
    [
      'en',
      { code: 'CW_ERR_SOMETHING', pointer: '/nodes/3', message: 'an engine message without a key' },
      'End “Done”',
      'An engine message without a key',
    ],
  ] as const)('%s: %j', (lang, problem, where, what) => {
    const d = describeProblem(def, problem, lang);
    expect(d.where).toBe(where);
    expect(d.what).toBe(what);
    expect(d.warning).toBe('severity' in problem);
  });

  it('lists problems before warnings', () => {
    const w = { code: 'W', message: 'w', severity: 'warning' as const };
    const p = { code: 'P', message: 'p' };
    expect(problemsAndWarnings([w, p], [w]).map((x) => x.code)).toEqual(['P', 'W', 'W']);
  });
});

describe('describeProblem: a saved scenario that refused the publish', () => {
  it('says which scenario file, keeps the engine’s sentence and selects nothing of the process', () => {
    const d = describeProblem(
      sample(),
      {
        code: 'CW_ERR_SCENARIO_FAILED',
        pointer: '/steps/3/path/1',
        file: 'scenarios/claim/big-repair.json',
        message: 'Scenario "big-repair" left its path at step 4 (complete task "Review").',
      },
      'en',
    );
    expect(d).toEqual({
      where: 'Saved scenario (scenarios/claim/big-repair.json)',
      what: 'Scenario "big-repair" left its path at step 4 (complete task "Review").',
      warning: false,
      target: null,
      scenario: true,
    });
  });
});
