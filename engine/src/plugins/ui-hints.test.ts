import { describe, expect, it } from 'vitest';
import { uiHintProblems } from './ui-hints.ts';

const manifest = (fields: Record<string, object>) => ({
  config: {
    type: 'object',
    properties: {
      host: { type: 'string' },
      from: { type: 'object', properties: { address: { type: 'string' } } },
    },
  },
  actions: {},
  ui: { fields },
});

describe('presentation hints of nested configuration fields', () => {
  it.each([
    ['config/from/address', []],
    [
      'config/from/adress',
      [
        {
          pointer: '/ui/fields/config~1from~1adress',
          message: 'config/from has no property adress',
        },
      ],
    ],
    [
      'config/host/x',
      [{ pointer: '/ui/fields/config~1host~1x', message: 'config/host is not declared' }],
    ],
  ])('%s', (key, problems) => {
    expect(
      uiHintProblems(manifest({ [key]: { label: { 'zh-Hant': '地址', en: 'Address' } } }) as never),
    ).toEqual(problems);
  });
});
