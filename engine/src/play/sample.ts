/**
 * A value made from a JSON Schema, to offer as a plugin action's dry result: the schema's first
 * example when it has one, else a minimal value of its shape (required properties, minimum
 * lengths and counts, the first of a choice). It is a starting point the designer edits, not
 * a guarantee (patterns are not generated).
 *
 * @example
 *   sampleOf({ type: 'object', required: ['messageId'], properties: { messageId: { type: 'string' } } })
 *   // { messageId: 'example' }
 */
type Schema = Record<string, unknown>;

const STRING_FORMATS: Record<string, string> = {
  'date-time': '2026-01-05T09:00:00Z',
  date: '2026-01-05',
  time: '09:00:00',
  email: 'someone@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
};

export function sampleOf(schema: unknown, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 12) return null;
  const s = schema as Schema;
  if (Array.isArray(s.examples) && s.examples.length) return structuredClone(s.examples[0]);
  if ('const' in s) return s.const;
  if ('default' in s) return structuredClone(s.default);
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  for (const k of ['oneOf', 'anyOf'] as const) {
    const list = s[k];
    if (Array.isArray(list) && list.length)
      return sampleOf({ ...s, [k]: undefined, ...list[0] }, depth + 1);
  }
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? s.type[0]) : s.type;
  switch (type ?? (s.properties ? 'object' : undefined)) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(s.required) ? (s.required as string[]) : Object.keys(props);
      return Object.fromEntries(required.map((k) => [k, sampleOf(props[k], depth + 1)]));
    }
    case 'array': {
      const n = typeof s.minItems === 'number' ? Math.min(s.minItems, 10) : 0;
      return Array.from({ length: n }, () => sampleOf(s.items, depth + 1));
    }
    case 'string': {
      const byFormat = typeof s.format === 'string' ? STRING_FORMATS[s.format] : undefined;
      if (byFormat) return byFormat;
      const min = typeof s.minLength === 'number' ? s.minLength : 0;
      const text = 'example';
      return text.length >= min
        ? text.slice(0, (s.maxLength as number | undefined) ?? 7)
        : text.padEnd(min, 'x');
    }
    case 'integer':
    case 'number': {
      if (typeof s.minimum === 'number') return s.minimum;
      if (typeof s.exclusiveMinimum === 'number') return s.exclusiveMinimum + 1;
      return typeof s.maximum === 'number' && s.maximum < 0 ? s.maximum : 0;
    }
    case 'boolean':
      return false;
    default:
      return null;
  }
}
