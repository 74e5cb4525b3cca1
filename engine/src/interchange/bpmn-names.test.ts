import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actionFrom,
  feelFrom,
  feelOrStatic,
  identifierFrom,
  isNodeId,
  messageNameFrom,
  nodeIdFrom,
} from './bpmn-names.ts';

describe('expressions across the border', () => {
  it.each([
    ['=amount > 1000', 'amount > 1000', undefined],
    ['= decision = "pay"', 'decision = "pay"', undefined],
    ['${amount >= 10 && ok}', 'amount >= 10 and ok', true],
    ["${decision == 'pay' || !complete}", 'decision = "pay" or not(complete)', true],
    ['#{a eq 1 and b ne 2}', 'a = 1 and b != 2', true],
    ['${empty note}', 'note = null', true],
    ['amount > 5', 'amount > 5', undefined],
    ['=', null, undefined],
    ['=amount >', null, undefined],
    ['${order.getItems().size() > 3}', null, true],
    ['', null, undefined],
  ])('%s reads as %s', (source, feel, translated) => {
    const f = feelFrom(source);
    expect(f.feel).toBe(feel);
    expect(f.translated).toBe(translated);
  });

  it.each([
    ['demo', false, '"demo"'],
    ['=assignee', false, 'assignee'],
    ['adjusters, seniors', true, '["adjusters", "seniors"]'],
    ['=groups', true, 'groups'],
    ['say "hi"', false, '"say \\"hi\\""'],
  ])('static %s (list %s) is %s', (source, list, feel) => {
    expect(feelOrStatic(source, list).feel).toBe(feel);
  });
});

describe('names across the border', () => {
  it.each([
    ['Windscreen_Claim', 'windscreen-claim'],
    ['ClaimProcess', 'claim-process'],
    ['1st process', 'st-process'],
    ['___', 'fallback'],
    ['理賠', 'fallback'],
  ])('process %s -> %s', (id, out) => expect(identifierFrom(id, 'fallback')).toBe(out));

  it.each([
    ['sms:send', 'sms/send'],
    ['payments/transfer', 'payments/transfer'],
    ['bank-transfer@^1.2/pay', 'bank-transfer@^1.2/pay'],
    ['io.camunda:http-json:1', 'io-camunda-http-json/'],
    ['PaymentService', 'payment-service'],
    ['', 'noop'],
  ])('job type %s -> action %s', (type, action) => {
    if (action.endsWith('/'))
      expect(actionFrom(type)).toMatch(/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/);
    else expect(actionFrom(type)).toBe(action);
  });

  it.each([
    ['Documents Supplied', 'documents-supplied'],
    ['claim.paid', 'claim.paid'],
    ['42', 'message'],
  ])('message %s -> %s', (name, out) => expect(messageNameFrom(name)).toBe(out));

  it('makes a Caseway node id of any BPMN id', () => {
    fc.assert(fc.property(fc.string({ maxLength: 100 }), (id) => isNodeId(nodeIdFrom(id))));
  });
});
