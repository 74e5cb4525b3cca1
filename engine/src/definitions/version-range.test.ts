/**
 * The version ranges an SLA measures a process with: what each form admits, what is malformed,
 * and that the schema's pattern and the parser agree (fast-check).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  VERSION_RANGE_PATTERN,
  coveredVersions,
  coversVersion,
  parseVersionRange,
  rangeCovers,
} from './version-range.ts';
import { metaSchema } from './meta-schemas.ts';

describe('rangeCovers', () => {
  it.each([
    ['4', [4], [3, 5]],
    ['=4', [4], [3, 5]],
    ['>=4', [4, 5, 99], [1, 3]],
    ['>4', [5], [4]],
    ['<4', [1, 3], [4, 5]],
    ['<=4', [1, 4], [5]],
    ['>=4 <7', [4, 6], [3, 7]],
    ['2 || >=4', [2, 4, 9], [1, 3]],
    [' >=2  <=3 ||5 ', [2, 3, 5], [1, 4, 6]],
    ['>=7 <4', [], [1, 4, 5, 7, 8]],
  ])('%s admits %j and not %j', (range, yes, no) => {
    for (const v of yes) expect(rangeCovers(range, v), `${range} ∋ ${v}`).toBe(true);
    for (const v of no) expect(rangeCovers(range, v), `${range} ∌ ${v}`).toBe(false);
  });

  it.each([
    '',
    '>= 4',
    '=>4',
    '0',
    '>=04',
    '4.1',
    'v4',
    '4 ||',
    '|| 4',
    '>=4,5',
    '>=4 ||| 5',
    'latest',
  ])('refuses the malformed %j (it admits nothing)', (range) => {
    expect(parseVersionRange(range)).toBeNull();
    expect(rangeCovers(range, 4)).toBe(false);
  });

  it('refuses a range longer than the schema allows, and reads a long hostile one in linear time', () => {
    expect(parseVersionRange(`${'1 '.repeat(40)}1`)).toBeNull();
    // a backtracking pattern would take ages on runs of spaces between digits that end badly
    expect(new RegExp(VERSION_RANGE_PATTERN).test(`${'1  '.repeat(5000)}x`)).toBe(false);
  });

  it('accepts exactly what the SLA schema accepts', () => {
    const ajv = new Ajv2020({ strict: false });
    const schema = metaSchema('sla') as {
      $defs: Record<string, { properties: Record<string, object> }>;
    };
    const check = ajv.compile(schema.$defs.SlaProcessRef!.properties.versions as object);
    const part = fc
      .tuple(
        fc.constantFrom('', '>=', '<=', '>', '<', '=', '=>', '>>'),
        fc.integer({ min: 0, max: 120 }),
      )
      .map(([op, n]) => `${op}${n}`);
    const sep = fc.constantFrom(' ', '  ', ' || ', '||', ',', '');
    fc.assert(
      fc.property(fc.array(fc.tuple(part, sep), { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.map(([p, s], i) => (i ? s : '') + p).join('');
        expect(parseVersionRange(text) !== null).toBe(check(text));
      }),
    );
  });
});

describe('coversVersion', () => {
  it('reads one version, a range, or every version', () => {
    expect(coversVersion({ id: 'claim', version: 4 }, 4)).toBe(true);
    expect(coversVersion({ id: 'claim', version: 4 }, 5)).toBe(false);
    expect(coversVersion({ id: 'claim', versions: '>=4' }, 5)).toBe(true);
    expect(coversVersion({ id: 'claim' }, 1)).toBe(true);
    expect(coveredVersions({ id: 'claim', versions: '<3 || 5' }, [5, 1, 4, 2])).toEqual([1, 2, 5]);
    expect(coveredVersions({ id: 'claim', versions: '>=6' }, [1, 2, 3, 4, 5])).toEqual([]);
  });
});
