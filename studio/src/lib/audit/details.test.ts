import { describe, expect, it } from 'vitest';
import { details } from './details';

describe("an audit entry's details in words", () => {
  it.each([
    [
      'en',
      'user.changed',
      {
        roles: { before: ['staff'], after: ['staff', 'supervisor'] },
        disabled: { before: false, after: true },
      },
      ['roles: staff → staff, supervisor', 'disabled: no → yes'],
    ],
    [
      'zh-Hant',
      'user.changed',
      { groups: { before: ['glass'], after: [] } },
      ['群組：glass → （無）'],
    ],
    [
      'en',
      'user.created',
      { displayName: '林志明', roles: ['staff'], groups: ['glass', 'adjusters'], password: true },
      ['林志明 · staff · glass, adjusters', 'with a first password'],
    ],
    ['en', 'definition.published', { note: 'First version.' }, ['Change note: First version.']],
    [
      'zh-Hant',
      'group.changed',
      { created: true, name: { 'zh-Hant': '玻璃組', en: 'Glass' }, supervisorGroup: 'leads' },
      ['玻璃組（新建）', '督導群組：（無） → leads'],
    ],
    ['en', 'plugin.configured', { fields: ['prefix', 'url'] }, ['fields: prefix, url']],
    ['en', 'plugin.secrets-set', { set: ['apiKey'], cleared: [] }, ['set: apiKey']],
    ['zh-Hant', 'plugin.secrets-set', { set: [], cleared: ['apiKey'] }, ['已清除：apiKey']],
    [
      'en',
      'data-keys.changed',
      { current: 'k2', keys: ['k2', 't1'], previous: { current: 't1', keys: ['t1'] } },
      ['current key k2 (keys: k2, t1)', 'before: t1'],
    ],
    [
      'zh-Hans',
      'migration.started',
      { batchId: 'b1', fromVersion: 3, toVersion: 4, mapping: {}, cases: 120 },
      ['版本 3 → 4，120 件案件'],
    ],
    [
      'en',
      'migration.cancelled',
      { batchId: 'b1', fromVersion: null, toVersion: 4, moved: 25, cancelled: 95 },
      ['version every other → 4: 25 moved, 95 left where they were'],
    ],
    ['zh-Hans', 'clocks.replayed', { clocks: 37, timers: 2 }, ['37 个时钟、2 个计时器']],
    [
      'en',
      'clocks.replayed',
      { clocks: 0, timers: 1, tasks: 3 },
      ['0 clocks, 1 timers, 3 task due dates'],
    ],
    ['en', 'user.password-set', {}, []],
    [
      'zh-Hant',
      'role.created',
      { name: { 'zh-Hant': '稽核', en: 'Auditor' }, permissions: ['listCases', 'seeEveryCase'] },
      ['稽核', '權限：列出案件、檢視所有案件'],
    ],
    [
      'en',
      'role.changed',
      {
        permissions: {
          before: ['design', 'listCases'],
          after: ['listCases', 'oversee'],
          added: ['oversee'],
          removed: ['design'],
        },
      },
      ['permissions added: Oversee', 'permissions removed: Design'],
    ],
  ] as const)('%s %s', (lang, action, data, lines) => {
    expect(details(lang, { action, data: data as Record<string, unknown> })).toEqual(lines);
  });
});
