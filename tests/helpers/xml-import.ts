/**
 * The BPMN and DMN import routes from a test's side: post an XML document as a role and read the
 * answer, and the rule every answer keeps (a draft the studio can open with each problem placed,
 * or a registered 4xx with its reasons; never a 5xx).
 *
 * ```ts
 * const a = await postXml(t, '/api/import/bpmn', xml, { lang: 'en' });
 * expectDraftOrRefusal(a, 'process', 'camunda/order.bpmn');
 * ```
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { schemaProblems } from '../../engine/src/definitions/index.ts';
import { ErrorCodes } from '../../engine/src/errors.ts';
import type { TestEngine } from './engine.ts';

export interface Answer {
  status: number;
  body: any;
}

export interface PostOptions {
  as?: 'designer' | 'adjuster' | 'admin';
  lang?: string;
  type?: string;
}

/** POSTs `xml` to `path` (with its query) as `as` (a designer by default). */
export async function postXml(
  t: TestEngine,
  path: string,
  xml: string,
  o: PostOptions = {},
): Promise<Answer> {
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${t.token(o.as ?? 'designer')}`,
      'content-type': o.type ?? 'application/xml',
      ...(o.lang ? { 'accept-language': o.lang } : {}),
    },
    body: xml,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A 200 is a draft of `kind` the studio can open; anything else a registered 4xx with reasons. */
export function expectDraftOrRefusal(a: Answer, kind: 'process' | 'decision', what: string): void {
  expect(a.status, what).toBeLessThan(500);
  if (a.status === 200) {
    expect(schemaProblems(kind, a.body[kind]), what).toEqual([]);
    for (const p of a.body.problems) {
      expect(typeof p.element, what).toBe('string');
      expect(typeof p.reason, what).toBe('string');
      expect(p.message.length, what).toBeGreaterThan(0);
      expect(p.line === null || Number.isInteger(p.line), what).toBe(true);
    }
  } else {
    expect(a.status, what).toBeGreaterThanOrEqual(400);
    expect(Object.keys(ErrorCodes), what).toContain(a.body.code);
    expect(a.body.details.length, what).toBeGreaterThan(0);
  }
}

/** One change to a document: a piece cut out, hostile text inserted, or a piece doubled. */
export type XmlMutation =
  | { kind: 'cut'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'copy'; at: number; length: number };

/** Text that breaks XML in every dialect; a test adds its own dialect's fragments. */
const HOSTILE = ['<', '>', '"', '&', '&amp;', ']]>', '<!--', '<![CDATA[', '\u0000', '\uD800'];

/** One to four mutations, inserting `fragments` (beside the common hostile text) or noise. */
export function xmlMutations(fragments: string[]): fc.Arbitrary<XmlMutation[]> {
  const mutation: fc.Arbitrary<XmlMutation> = fc.oneof(
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.nat({ max: 400 }) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(fc.constantFrom(...HOSTILE, ...fragments), fc.string({ maxLength: 30 })),
    }),
    // duplicate a piece (ids twice, elements in odd places)
    fc.record({ kind: fc.constant('copy' as const), at: fc.nat(), length: fc.nat({ max: 300 }) }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 4 });
}

/** `xml` with `ms` applied in turn. */
export function mutate(xml: string, ms: XmlMutation[]): string {
  for (const m of ms) {
    const at = m.at % (xml.length + 1);
    if (m.kind === 'cut') xml = xml.slice(0, at) + xml.slice(at + m.length);
    else if (m.kind === 'insert') xml = xml.slice(0, at) + m.text + xml.slice(at);
    else xml = xml.slice(0, at) + xml.slice(at, at + m.length) + xml.slice(at);
  }
  return xml;
}
