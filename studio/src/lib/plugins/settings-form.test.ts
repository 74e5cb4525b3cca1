import { describe, expect, it } from 'vitest';
import { configOf, formGroups, shown, valuesOf } from './settings-form';

// the shipped email plugin's configuration, in short, with hints like its manifest's
const config = {
  type: 'object',
  required: ['host', 'port', 'secure', 'from'],
  properties: {
    host: { type: 'string', description: 'SMTP server host name.' },
    port: { type: 'integer' },
    secure: { type: 'boolean' },
    mode: { type: 'string', enum: ['plain', 'oauth'] },
    tenant: { type: 'string' },
    from: {
      type: 'object',
      properties: { address: { type: 'string' }, name: { type: 'string' } },
    },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
  },
};
const ui = {
  groups: [{ id: 'server', label: { 'zh-Hant': '郵件伺服器', en: 'Mail server' } }],
  fields: {
    'config/port': { group: 'server', order: 2, label: { 'zh-Hant': '連接埠', en: 'Port' } },
    'config/host': { group: 'server', order: 1, placeholder: 'smtp.example.com' },
    'config/tenant': { showIf: { field: 'mode', equals: 'oauth' } },
    'config/from/address': {
      label: { 'zh-Hant': '寄件地址', en: 'Address' },
      help: { 'zh-Hant': '回信會寄到這裡。', en: 'Replies go here.' },
    },
  },
};

describe('a plugin settings form from its manifest', () => {
  it('groups and orders fields as the hints say, labels them in the language, the rest after', () => {
    const groups = formGroups('config', config, ui, 'en');
    expect(groups.map((g) => [g.label, g.fields.map((f) => f.key)])).toEqual([
      ['Mail server', ['host', 'port']],
      ['', ['secure', 'mode', 'tenant', 'from', 'headers']],
    ]);
    const [host, port] = groups[0]!.fields;
    expect(host).toMatchObject({
      label: 'host',
      help: 'SMTP server host name.',
      widget: 'text',
      required: true,
      placeholder: 'smtp.example.com',
      pointer: '/config/host',
    });
    expect(port).toMatchObject({ label: 'Port', widget: 'number' });
    expect(formGroups('config', config, ui, 'zh-Hant')[0]!.fields[1]!.label).toBe('連接埠');
    const rest = groups[1]!.fields;
    expect(rest.map((f) => f.widget)).toEqual(['switch', 'select', 'text', 'json', 'json']);
    // an object of plain values is a fieldset of its own fields; a map stays JSON
    expect(rest[3]!.fields?.map((f) => f.pointer)).toEqual([
      '/config/from/address',
      '/config/from/name',
    ]);
    expect(rest[4]!.fields).toBeUndefined();
  });

  it('shows a field only while its condition holds, and leaves hidden and empty ones out', () => {
    const groups = formGroups('config', config, ui, 'en');
    const tenant = groups[1]!.fields.find((f) => f.key === 'tenant')!;
    expect(shown(tenant, { mode: 'plain' })).toBe(false);
    expect(shown(tenant, { mode: 'oauth' })).toBe(true);
    const values = {
      host: 'smtp.example.com',
      port: '465',
      secure: true,
      mode: 'plain',
      tenant: 'left over',
      'from/address': 'claims@example.com',
      'from/name': '',
      headers: '{ "x-team": "claims" }',
    };
    expect(configOf(groups, values)).toEqual({
      config: {
        host: 'smtp.example.com',
        port: 465,
        secure: true,
        mode: 'plain',
        from: { address: 'claims@example.com' },
        headers: { 'x-team': 'claims' },
      },
      problems: [],
    });
    expect(configOf(groups, { ...values, headers: '{ nope' }).problems).toEqual([
      { pointer: '/config/headers', message: 'JSON' },
    ]);
  });

  it('fills the form from the stored configuration and back to the same', () => {
    const groups = formGroups('config', config, ui, 'en');
    const stored = {
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      from: { address: 'a@example.com', name: '安康保險' },
    };
    const values = valuesOf(groups, stored);
    expect(values).toMatchObject({ port: '587', secure: false, 'from/name': '安康保險' });
    expect(configOf(groups, values).config).toEqual(stored);
  });

  it('makes secrets password fields', () => {
    const groups = formGroups(
      'secrets',
      { type: 'object', properties: { apiKey: { type: 'string', minLength: 8 } } },
      null,
      'en',
    );
    expect(groups[0]!.fields[0]).toMatchObject({ widget: 'password', pointer: '/secrets/apiKey' });
  });
});

describe('nested fields', () => {
  it('take the labels and help their hints give (keyed by path), else their title or name', () => {
    const from = formGroups('config', config, ui, 'zh-Hant')
      .flatMap((g) => g.fields)
      .find((f) => f.key === 'from')!;
    expect(from.fields!.map((f) => [f.key, f.label, f.help])).toEqual([
      ['from/address', '寄件地址', '回信會寄到這裡。'],
      ['from/name', 'name', ''],
    ]);
  });
});
