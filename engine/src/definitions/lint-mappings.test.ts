import { describe, expect, it } from 'vitest';
import { checkActionMappings, isClosedSchema, literalType } from './lint-mappings.ts';

const pay = {
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['account', 'amount'],
    properties: {
      account: { type: 'string' },
      amount: { type: 'number' },
      currency: { type: 'string', enum: ['TWD', 'USD'] },
      urgent: { type: 'boolean' },
    },
  },
  output: {
    type: 'object',
    additionalProperties: false,
    properties: { transferId: { type: 'string' } },
  },
};
const kinds = (checks: ReturnType<typeof checkActionMappings>) =>
  checks.map((c) => `${c.kind}:${c.name}:${c.severity}`);

describe('a service task mapping against its action schemas', () => {
  it('passes a mapping that gives every required input and reads what the result has', () => {
    expect(
      checkActionMappings(
        {
          input: { account: 'payee.account', amount: 'claim.amount * 0.9', currency: '"TWD"' },
          output: { transferId: 'result.transferId', raw: 'result' },
        },
        pay,
      ),
    ).toEqual([]);
  });

  it('names the missing required inputs and the inputs the action does not take', () => {
    expect(kinds(checkActionMappings({ input: { amount: '1', acount: '"x"' } }, pay))).toEqual([
      'inputMissing:account:error',
      'inputUnknown:acount:error',
    ]);
  });

  it('refuses literals of another type or outside the enum, and warns on a typed variable', () => {
    const checks = checkActionMappings(
      {
        input: { account: '12345', amount: 'requested', currency: '"EUR"', urgent: '"yes"' },
      },
      pay,
      (name) => (name === 'requested' ? 'string' : undefined),
    );
    expect(kinds(checks)).toEqual([
      'inputType:account:error',
      'inputType:amount:warning',
      'inputValue:currency:error',
      'inputType:urgent:error',
    ]);
    expect(checks[0]).toMatchObject({ expected: 'string', actual: 'number' });
    expect(checks[2]?.values).toEqual(['TWD', 'USD']);
  });

  it('names a result property the action does not return', () => {
    expect(
      kinds(
        checkActionMappings(
          { input: { account: 'a', amount: '1' }, output: { id: 'result.transferID' } },
          pay,
        ),
      ),
    ).toEqual(['outputUnknown:transferID:error']);
    // a name inside a string is not read
    expect(
      checkActionMappings(
        { input: { account: 'a', amount: '1' }, output: { note: '"see result.nothing"' } },
        pay,
      ),
    ).toEqual([]);
  });

  it('does not judge what the schema leaves open', () => {
    const open = { input: { type: 'object', properties: { a: { type: 'string' } } }, output: null };
    expect(checkActionMappings({ input: { b: '1' } }, open)).toEqual([]);
    expect(isClosedSchema(open.input)).toBe(false);
    expect(
      isClosedSchema({
        oneOf: [
          { type: 'object', additionalProperties: false },
          { type: 'object', additionalProperties: false },
        ],
      }),
    ).toBe(true);
    expect(checkActionMappings({ input: { anything: '1' } }, { input: null })).toEqual([]);
    expect([
      literalType('"a"'),
      literalType('-1.5'),
      literalType('true'),
      literalType('a'),
    ]).toEqual(['string', 'number', 'boolean', undefined]);
  });
});
