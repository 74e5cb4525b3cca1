import { describe, expect, it } from 'vitest';
import { diffDefinition, isEmptyDiff, jsonDiff, jsonEqual } from './diff';

const process1 = {
  id: 'claim',
  version: 1,
  name: { 'zh-Hant': '理賠', en: 'Claim' },
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'review', type: 'userTask', form: { id: 'claim-review' }, assignment: { groups: ['a'] } },
    { id: 'old', type: 'end' },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'review' },
    { id: 'f2', from: 'review', to: 'old' },
  ],
};

describe('jsonDiff', () => {
  it('reports added, removed and changed values by JSON pointer, escaping ~ and /', () => {
    expect(jsonDiff({ a: 1, 'x/y': 1, keep: [1, 2] }, { a: 2, 'b~': true, keep: [1] })).toEqual([
      { pointer: '/a', kind: 'changed', before: 1, after: 2 },
      { pointer: '/x~1y', kind: 'removed', before: 1 },
      { pointer: '/keep/1', kind: 'removed', before: 2 },
      { pointer: '/b~0', kind: 'added', after: true },
    ]);
  });

  it('finds nothing between equal values whatever their key order', () => {
    expect(jsonEqual({ a: 1, b: [{ c: 2, d: 3 }] }, { b: [{ d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(jsonDiff({ a: 1, b: 2 }, { b: 2, a: 1 })).toEqual([]);
  });

  it('reports a type change as one change at the pointer', () => {
    expect(jsonDiff({ a: [1] }, { a: { 0: 1 } })).toEqual([
      { pointer: '/a', kind: 'changed', before: [1], after: { 0: 1 } },
    ]);
  });
});

describe('diffDefinition', () => {
  it('lists a process’s nodes and flows added, removed and changed, with the changed properties', () => {
    const process2 = structuredClone(process1);
    process2.version = 2;
    process2.nodes[1]!.assignment = { groups: ['b'] };
    process2.nodes[2] = { id: 'done', type: 'end' };
    process2.flows[1] = { id: 'f2', from: 'review', to: 'done' };
    process2.name.en = 'Claims';
    const d = diffDefinition('process', process1, process2);
    expect(d.groups[0]).toEqual({
      name: 'nodes',
      added: ['done'],
      removed: ['old'],
      changed: [
        {
          id: 'review',
          properties: ['assignment'],
          changes: [{ pointer: '/assignment/groups/0', kind: 'changed', before: 'a', after: 'b' }],
        },
      ],
    });
    expect(d.groups[1]).toMatchObject({
      name: 'flows',
      added: [],
      removed: [],
      changed: [{ id: 'f2', properties: ['to'] }],
    });
    expect(d.other).toEqual([
      { pointer: '/name/en', kind: 'changed', before: 'Claim', after: 'Claims' },
    ]);
    expect(isEmptyDiff(d)).toBe(false);
  });

  it('lists a form’s fields by key path, nested group fields included', () => {
    const form1 = {
      id: 'f',
      version: 1,
      title: { 'zh-Hant': '表', en: 'Form' },
      fields: [
        { key: 'amount', type: 'money', required: true },
        { key: 'people', type: 'group', fields: [{ key: 'name', type: 'text' }] },
      ],
    };
    const form2 = {
      ...form1,
      version: 2,
      fields: [
        { key: 'amount', type: 'money', min: 1, label: { en: 'Amount' } },
        {
          key: 'people',
          type: 'group',
          fields: [
            { key: 'name', type: 'text' },
            { key: 'phone', type: 'text' },
          ],
        },
      ],
    };
    const d = diffDefinition('form', form1, form2);
    expect(d.groups).toHaveLength(1);
    expect(d.groups[0]!.added).toEqual(['people.phone']);
    expect(d.groups[0]!.removed).toEqual([]);
    expect(d.groups[0]!.changed.map((c) => [c.id, c.properties])).toEqual([
      ['amount', ['required', 'min', 'label']],
    ]);
    expect(d.other).toEqual([]);
  });

  it('compares an SLA or a calendar as JSON by pointer, ignoring the version number', () => {
    const sla1 = { id: 's', version: 1, target: { duration: 'P3D' }, calendar: { id: 'natural' } };
    const sla2 = { id: 's', version: 2, target: { expression: 'x' }, calendar: { id: 'natural' } };
    const d = diffDefinition('sla', sla1, sla2);
    expect(d.groups).toEqual([]);
    expect(d.other).toEqual([
      { pointer: '/target/duration', kind: 'removed', before: 'P3D' },
      { pointer: '/target/expression', kind: 'added', after: 'x' },
    ]);
    expect(isEmptyDiff(diffDefinition('calendar', sla1, { ...sla1, version: 7 }))).toBe(true);
  });
});
