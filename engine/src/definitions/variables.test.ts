import type { FormDefinition, ProcessDefinition } from '../generated/index.ts';
import { describe, expect, it } from 'vitest';
import {
  completionsAt,
  FEEL_BUILTINS,
  processVariables,
  schemaProperties,
  type ActionInfo,
  type VariableSources,
} from './variables.ts';

const label = (en: string) => ({ 'zh-Hant': en, en });
const form = (id: string, version: number, fields: FormDefinition['fields']): FormDefinition => ({
  id,
  version,
  title: label(id),
  fields,
});
const FORMS = [
  form('claim-intake', 2, [
    { key: 'amount', type: 'money', label: label('Amount') },
    { key: 'severity', type: 'select', label: label('Severity'), options: [] },
    { key: 'idNumber', type: 'text', label: label('ID number'), sensitive: true },
    {
      key: 'items',
      type: 'group',
      label: label('Items'),
      repeatable: true,
      fields: [{ key: 'what', type: 'text', label: label('What') }],
    },
    { key: 'reportedOn', type: 'date', label: label('Reported on') },
  ]),
  form('claim-review', 1, [
    { key: 'approved', type: 'boolean', label: label('Approved') },
    { key: 'note', type: 'textarea', label: label('Note') },
  ]),
  form('claim-assessment', 3, [
    { key: 'assessedAmount', type: 'number', label: label('Assessed') },
    { key: 'remarks', type: 'text', label: label('Remarks') },
  ]),
] as FormDefinition[];
const SMS: ActionInfo = {
  name: 'sms/send',
  plugin: 'sms',
  builtin: false,
  title: label('Send a text'),
  idempotent: true,
  input: {
    type: 'object',
    oneOf: [
      {
        type: 'object',
        required: ['mobile', 'template'],
        properties: { mobile: { type: 'string', sensitive: true }, template: { const: 'a' } },
      },
      {
        type: 'object',
        required: ['mobile'],
        properties: { mobile: { type: 'string', sensitive: true }, template: { const: 'b' } },
      },
    ],
  },
  output: {
    type: 'object',
    required: ['messageId'],
    properties: { messageId: { type: 'string' }, sentAt: { type: 'string', format: 'date-time' } },
  },
};
const sources: VariableSources = {
  form: (ref) =>
    FORMS.filter((f) => f.id === ref.id && (!ref.version || f.version === ref.version)).at(-1),
  action: (name) => (name === SMS.name ? SMS : undefined),
};

function claim(): ProcessDefinition {
  return {
    id: 'claim',
    version: 1,
    name: label('Claim'),
    nodes: [
      { id: 'begin', type: 'start', form: { id: 'claim-intake', version: 2 } },
      { id: 'review', type: 'userTask', form: { id: 'claim-review' } },
      {
        id: 'assess',
        type: 'userTask',
        form: { id: 'claim-assessment' },
        output: { payout: 'form.assessedAmount', note: 'form.remarks', decidedAt: 'now()' },
      },
      {
        id: 'notify',
        type: 'serviceTask',
        action: 'sms/send',
        output: { smsId: 'result.messageId' },
      },
      { id: 'compute', type: 'serviceTask', action: 'set-variables', input: { total: '0' } },
      {
        id: 'receipt',
        type: 'messageCatch',
        message: 'receipt-uploaded',
        correlationKey: 'claimNo',
        output: { receiptFile: 'message.file' },
      },
      {
        id: 'appeal',
        type: 'callActivity',
        process: { id: 'claim-dispute' },
        output: { appealOutcome: 'outcome' },
      },
      { id: 'done', type: 'end' },
    ],
    flows: [],
  };
}

describe('processVariables', () => {
  it('collects the start form, task forms, output mappings, set-variables, messages and calls', () => {
    const vars = processVariables(claim(), sources);
    const byName = Object.fromEntries(vars.map((v) => [v.name, v]));
    expect(vars.map((v) => v.name)).toEqual([
      'amount',
      'severity',
      'idNumber',
      'items',
      'reportedOn',
      'approved',
      'note',
      'payout',
      'decidedAt',
      'smsId',
      'total',
      'receiptFile',
      'appealOutcome',
    ]);
    expect(byName.amount).toMatchObject({
      type: 'number',
      label: label('Amount'),
      origins: [{ kind: 'startForm', form: 'claim-intake', version: 2 }],
    });
    expect(byName.idNumber!.sensitive).toBe(true);
    expect(byName.items!.type).toBe('list');
    expect(byName.reportedOn!.type).toBe('date');
    // a task without an output mapping sets its form's keys
    expect(byName.approved).toMatchObject({
      type: 'boolean',
      origins: [{ kind: 'taskForm', node: 'review', form: 'claim-review' }],
    });
    // …one with a mapping sets only the mapped names, typed from the form field they read
    expect(byName.payout).toMatchObject({ type: 'number', origins: [{ kind: 'taskOutput' }] });
    expect(byName.decidedAt!.type).toBe('date-time');
    expect(vars.some((v) => v.name === 'assessedAmount')).toBe(false);
    expect(byName.smsId).toMatchObject({
      type: 'string',
      origins: [{ kind: 'serviceOutput', node: 'notify', action: 'sms/send' }],
    });
    expect(byName.total).toMatchObject({ type: 'number', origins: [{ kind: 'setVariables' }] });
    expect(byName.receiptFile!.origins).toEqual([
      { kind: 'messageOutput', node: 'receipt', message: 'receipt-uploaded' },
    ]);
    expect(byName.appealOutcome).toMatchObject({
      type: 'string',
      origins: [{ kind: 'callOutput', node: 'appeal', process: 'claim-dispute' }],
    });
  });

  it('merges a name set in two places into one variable with both origins', () => {
    const note = processVariables(claim(), sources).find((v) => v.name === 'note')!;
    expect(note.origins.map((o) => o.kind)).toEqual(['taskForm', 'taskOutput']);
    expect(note.type).toBe('string');
  });

  it('leaves out forms it does not know (an id being typed) and empty references', () => {
    const def = claim();
    def.nodes[0] = { id: 'begin', type: 'start', form: { id: 'claim-int' } };
    def.nodes[1] = { id: 'review', type: 'userTask', form: { id: '' } };
    const names = processVariables(def, sources).map((v) => v.name);
    expect(names).not.toContain('amount');
    expect(names).not.toContain('approved');
    expect(names).toContain('payout');
  });

  it("offers a wizard form's fields inside its pages and sections, not the layout's keys", () => {
    const wizard = form('application', 1, [
      {
        key: 'applicant',
        type: 'page',
        label: label('Applicant'),
        fields: [
          {
            key: 'identity',
            type: 'section',
            label: label('Identity'),
            fields: [{ key: 'applicantName', type: 'text', label: label('Name') }],
          },
        ],
      },
      {
        key: 'cover',
        type: 'page',
        label: label('Cover'),
        fields: [{ key: 'sumInsured', type: 'money', label: label('Sum insured') }],
      },
    ]);
    const def = claim();
    def.nodes[0] = { id: 'begin', type: 'start', form: { id: 'application' } };
    const vars = processVariables(def, {
      ...sources,
      form: (ref) => (ref.id === 'application' ? wizard : sources.form(ref)),
    });
    const names = vars.map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(['applicantName', 'sumInsured']));
    expect(names).not.toContain('applicant');
    expect(names).not.toContain('identity');
    expect(vars.find((v) => v.name === 'sumInsured')?.type).toBe('number');
  });
});

describe('completionsAt', () => {
  it("offers a user task's output the submitted form first, then variables and built-ins", () => {
    const names = completionsAt(claim(), 'assess', 'output', sources).map((v) => v.name);
    expect(names.slice(0, 3)).toEqual(['form', 'form.assessedAmount', 'form.remarks']);
    expect(names).toContain('amount');
    expect(names).toContain('count(list)');
    expect(names.indexOf('amount')).toBeLessThan(names.indexOf('now()'));
  });

  it("offers a service task's output the action's result properties", () => {
    const local = completionsAt(claim(), 'notify', 'output', sources).slice(0, 3);
    expect(local.map((v) => [v.name, v.type])).toEqual([
      ['result', 'context'],
      ['result.messageId', 'string'],
      ['result.sentAt', 'date-time'],
    ]);
  });

  it('offers message, child and outcome where those exist, and no local names elsewhere', () => {
    const at = (node: string, prop: string) =>
      completionsAt(claim(), node, prop, sources).map((v) => v.name);
    expect(at('receipt', 'output')[0]).toBe('message');
    expect(at('appeal', 'output').slice(0, 2)).toEqual(['child', 'outcome']);
    expect(at('assess', 'candidateGroups')).not.toContain('form');
    expect(at('assess', 'candidateGroups')[0]).toBe('amount');
  });

  it('gives a condition (or the business key) the process variables and FEEL built-ins', () => {
    const all = completionsAt(claim(), undefined, 'businessKey', sources);
    expect(all.length).toBe(13 + FEEL_BUILTINS.length);
    const today = all.find((v) => v.name === 'today()')!;
    expect(today).toMatchObject({
      insert: 'today()',
      type: 'date',
      origins: [{ kind: 'builtin' }],
    });
    for (const f of ['now()', 'date(from)', 'duration(from)', 'count(list)', 'sum(list)'])
      expect(all.map((v) => v.name)).toContain(f);
  });
});

describe('schemaProperties', () => {
  it('merges oneOf branches: a property is required only when every branch requires it', () => {
    expect(schemaProperties(SMS.input).map((p) => [p.name, p.required])).toEqual([
      ['mobile', true],
      ['template', false],
    ]);
    expect(schemaProperties(SMS.output).map((p) => [p.name, p.required])).toEqual([
      ['messageId', true],
      ['sentAt', false],
    ]);
    expect(schemaProperties(null)).toEqual([]);
  });
});
