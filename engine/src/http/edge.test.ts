import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flawIn, isCleanText, MAX_JSON_DEPTH, parseJsonBody, tooDeepAt } from './edge.ts';

/** Nesting of objects and arrays, counted as the edge counts it (a scalar is 0). */
function depth(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x !== null && typeof x === 'object') {
      max = Math.max(max, d + 1);
      for (const c of Object.values(x)) stack.push([c, d + 1]);
    }
  }
  return max;
}

/** The value a JSON pointer names, or undefined. */
function resolve(v: unknown, pointer: string): unknown {
  if (pointer === '') return v;
  let x = v;
  for (const raw of pointer.slice(1).split('/')) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (x === null || typeof x !== 'object' || !Object.hasOwn(x, k)) return undefined;
    x = (x as Record<string, unknown>)[k];
  }
  return x;
}

/** JSON values without the flaws of numbers and keys: integers within 2^53, no prototype keys. */
const jsonValue = (c?: fc.JsonSharedConstraints) =>
  fc
    .jsonValue(c)
    .map((v) =>
      JSON.parse(
        JSON.stringify(v, (_k, x: unknown) =>
          typeof x === 'number' && Number.isInteger(x) && !Number.isSafeInteger(x)
            ? 0
            : x !== null && typeof x === 'object' && !Array.isArray(x)
              ? Object.fromEntries(
                  Object.entries(x).filter(([k]) => k !== '__proto__' && k !== 'constructor'),
                )
              : x,
        ),
      ),
    );

const nest = (n: number, inner: unknown, key = 'a~/b'): unknown => {
  let v = inner;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { [key]: v };
  return v;
};

describe('tooDeepAt', () => {
  it('finds a container deeper than the limit, and its pointer names one at exactly limit + 1', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 6 }), (v, max) => {
        const at = tooDeepAt(JSON.stringify(v), max);
        expect(at === null).toBe(depth(v) <= max);
        if (at !== null) {
          const named = resolve(v, at);
          expect(typeof named).toBe('object');
          expect(depth(v) - depth(named)).toBeGreaterThanOrEqual(0);
          // the pointer has exactly `max` tokens: the container it names is at depth max + 1
          expect(at.split('/').length - 1).toBe(max);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads keys with escapes, slashes and tildes, and brackets inside strings', () => {
    const v = { 'x"[{': nest(MAX_JSON_DEPTH, 1) };
    const at = tooDeepAt(JSON.stringify(v), MAX_JSON_DEPTH)!;
    expect(at.startsWith('/x"[{/0/a~0~1b/0/a~0~1b')).toBe(true);
    expect(typeof resolve(v, at)).toBe('object');
    expect(tooDeepAt(JSON.stringify(nest(MAX_JSON_DEPTH, '[[[[{{{{')), MAX_JSON_DEPTH)).toBeNull();
  });

  it('scans a megabyte of brackets without recursion', () => {
    expect(tooDeepAt('['.repeat(1 << 20), MAX_JSON_DEPTH)).toBe('/0'.repeat(MAX_JSON_DEPTH));
  });
});

describe('flawIn', () => {
  const bad = fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\udc00b', '\udbff\u0000');
  it('points at the first string or key holding NUL or an unpaired surrogate', () => {
    fc.assert(
      fc.property(
        jsonValue(),
        fc.array(fc.string(), { minLength: 1, maxLength: 4 }),
        bad,
        fc.boolean(),
        (v, path, flaw, asKey) => {
          fc.pre(!path.includes('__proto__') && !path.includes('constructor'));
          const planted = path.reduceRight<unknown>(
            (inner, k) => ({ [k]: inner }),
            asKey ? { [`k${flaw}`]: 1 } : `s${flaw}`,
          );
          const doc = [v, planted];
          const found = flawIn(doc);
          expect(found?.code).toBe('CW_ERR_TEXT_INVALID');
          const pointer = found!.pointer;
          const parent = resolve(doc, pointer.slice(0, pointer.lastIndexOf('/')));
          const last = pointer
            .slice(pointer.lastIndexOf('/') + 1)
            .replace(/~1/g, '/')
            .replace(/~0/g, '~');
          const text = typeof resolve(doc, pointer) === 'string' ? resolve(doc, pointer) : last;
          expect(isCleanText(text as string)).toBe(false);
          expect(parent !== null && typeof parent === 'object').toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('passes clean JSON, astral characters included', () => {
    fc.assert(
      fc.property(jsonValue(), (v) => {
        const clean = JSON.parse(
          JSON.stringify(v, (_k, x: unknown) =>
            typeof x === 'string'
              ? x.replaceAll('\u0000', '')
              : x !== null && typeof x === 'object' && !Array.isArray(x)
                ? Object.fromEntries(
                    Object.entries(x).map(([k, y]) => [k.replaceAll('\u0000', ''), y]),
                  )
                : x,
          ),
        );
        if (JSON.stringify(clean).includes('\\ud')) return; // lone surrogates escaped by stringify
        expect(flawIn(clean)).toBeNull();
      }),
    );
    expect(flawIn({ name: '陳小明 📄', '😀': ['\ud83d\ude00'] })).toBeNull();
  });

  it('agrees with String.prototype.isWellFormed', () => {
    const wellFormed = (s: string) =>
      (s as unknown as { isWellFormed(): boolean }).isWellFormed() && !s.includes('\u0000');
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: fc.constantFrom('\ud800', '\udc00', 'a', '\u0000') }),
        (a, b) => {
          expect(isCleanText(a + b)).toBe(wellFormed(a + b));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses prototype keys', () => {
    expect(flawIn(JSON.parse('{"a":[{"__proto__":{}}]}'))).toEqual({
      code: 'CW_ERR_JSON_INVALID',
      pointer: '/a/0/__proto__',
    });
    expect(flawIn(JSON.parse('{"constructor":{"prototype":{}}}'))?.pointer).toBe('/constructor');
    expect(flawIn({ constructor: 'x' })).toBeNull();
  });

  it('refuses numbers that are not finite (1e309 parses to Infinity) and integers past 2^53', () => {
    expect(flawIn(JSON.parse('{"a":[1,1e309]}'))).toEqual({
      code: 'CW_ERR_VALIDATION',
      pointer: '/a/1',
    });
    expect(flawIn({ limit: Number.NaN })?.pointer).toBe('/limit');
    expect(flawIn(JSON.parse('{"offset":9223372036854775808}'))?.pointer).toBe('/offset');
    expect(flawIn({ n: 2 ** 53 - 1, x: 1e-300, y: -1.5 })).toBeNull();
  });
});

describe('parseJsonBody', () => {
  it('answers each hostile body with its code and pointer', () => {
    const refusal = (text: string) => {
      try {
        parseJsonBody(text, 'en');
        return null;
      } catch (e) {
        const err = e as { code: string; details: { pointer: string; in: string }[] };
        return { code: err.code, pointer: err.details[0]!.pointer, in: err.details[0]!.in };
      }
    };
    expect(refusal('{"data":{"name":"a\\u0000"}}')).toEqual({
      code: 'CW_ERR_TEXT_INVALID',
      pointer: '/data/name',
      in: 'body',
    });
    expect(refusal(`{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)?.code).toBe(
      'CW_ERR_JSON_TOO_DEEP',
    );
    expect(refusal('{"x":')?.code).toBe('CW_ERR_JSON_INVALID');
    expect(refusal('')?.code).toBe('CW_ERR_JSON_INVALID');
    expect(refusal(JSON.stringify(nest(MAX_JSON_DEPTH, 1)))).toBeNull();
  });
});
