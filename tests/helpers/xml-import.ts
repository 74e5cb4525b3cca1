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
