/**
 * Reading BPMN 2.0 XML that anyone may send: checked before any parser sees it (size, text,
 * DTDs and entities, nesting, element count), then parsed by bpmn-moddle with the Zeebe and
 * Camunda 7 extensions known, so their elements arrive typed. Every refusal is a registry
 * error with the pointer `/` and, where it helps, the line.
 *
 * @example
 *   const { definitions, lines, warnings } = await readBpmn(xml, 'en');
 */
import type { BpmnModdle, Definitions } from 'bpmn-moddle';
import { casewayModdle as caseway } from './caseway-moddle.ts';
import { createError, defaultMessage, type ErrorCode, type Lang } from '../errors.ts';

/** What an imported document may be. */
export const BPMN_LIMITS = {
  /** bytes of XML (the route's body limit) */
  bytes: 2 * 1024 * 1024,
  /** elements nested in one another (definitions > process > subProcess > … ) */
  depth: 64,
  /** elements in the whole document */
  elements: 50_000,
} as const;

const CAMUNDA_7 = 'http://camunda.org/schema/1.0/bpmn';

/**
 * The moddle used to read and write: BPMN with Caseway's extension (`caseway:properties`, the
 * JSON of what BPMN has no place for) and either Zeebe's (Camunda 8, the default) or Camunda
 * 7's, which cannot be loaded together (both define `modelerTemplate`).
 */
export async function bpmnModdle(dialect: 'zeebe' | 'camunda' = 'zeebe'): Promise<BpmnModdle> {
  // loaded when first used: an engine whose node_modules lacks them still starts
  const { BpmnModdle } = await import('bpmn-moddle');
  const vendor =
    dialect === 'zeebe'
      ? {
          zeebe: (
            await import('zeebe-bpmn-moddle/resources/zeebe.json', { with: { type: 'json' } })
          ).default,
        }
      : {
          camunda: (
            await import('camunda-bpmn-moddle/resources/camunda.json', { with: { type: 'json' } })
          ).default,
        };
  return new BpmnModdle({ ...vendor, caseway } as Record<string, unknown>);
}

export interface ReadBpmn {
  definitions: Definitions;
  /** the line (from 1) on which each id="…" attribute stands */
  lines: Map<string, number>;
  /** what bpmn-moddle read past (an unknown element, an unresolved reference), with its line */
  warnings: { message: string; line?: number; element?: string }[];
}

export function refuse(code: ErrorCode, lang: Lang, data: Record<string, unknown> = {}): never {
  throw createError(code, undefined, {
    details: [{ code, pointer: '/', message: defaultMessage(code, lang) }],
    data,
  });
}

/** NUL, or a UTF-16 surrogate without its pair (the body was not UTF-8 text). */
export const BAD_TEXT =
  // eslint-disable-next-line no-control-regex -- NUL is what this looks for
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What a scan refuses with, and where it draws the lines (BPMN's by default; DMN has its own). */
export interface XmlScan {
  depth: number;
  elements: number;
  entities: ErrorCode;
  tooDeep: ErrorCode;
  tooLarge: ErrorCode;
}

const BPMN_SCAN: XmlScan = {
  depth: BPMN_LIMITS.depth,
  elements: BPMN_LIMITS.elements,
  entities: 'CW_ERR_BPMN_ENTITIES',
  tooDeep: 'CW_ERR_BPMN_TOO_DEEP',
  tooLarge: 'CW_ERR_BPMN_TOO_LARGE',
};

/**
 * One pass over the text without recursion: the deepest nesting and the number of elements,
 * refusing a DTD or an entity declaration (no entity is ever expanded), before parsing.
 */
export function scanXml(xml: string, lang: Lang, scan: XmlScan = BPMN_SCAN): void {
  let depth = 0;
  let elements = 0;
  let line = 1;
  let i = 0;
  const n = xml.length;
  const lineAt = (to: number) => {
    for (; i < to; i++) if (xml.charCodeAt(i) === 10) line++;
    return line;
  };
  let at = xml.indexOf('<');
  while (at !== -1 && at < n) {
    const next = xml[at + 1];
    if (xml.startsWith('<!--', at)) {
      const end = xml.indexOf('-->', at + 4);
      at = end === -1 ? -1 : xml.indexOf('<', end + 3);
      continue;
    }
    if (xml.startsWith('<![CDATA[', at)) {
      const end = xml.indexOf(']]>', at + 9);
      at = end === -1 ? -1 : xml.indexOf('<', end + 3);
      continue;
    }
    if (next === '!') refuse(scan.entities, lang, { line: lineAt(at) });
    if (next === '?') {
      const end = xml.indexOf('?>', at + 2);
      at = end === -1 ? -1 : xml.indexOf('<', end + 2);
      continue;
    }
    // find the tag's end, skipping quoted attribute values (they may hold '>')
    let j = at + 1;
    let quote = '';
    for (; j < n; j++) {
      const c = xml[j];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (next === '/') depth--;
    else if (xml[j - 1] !== '/') {
      depth++;
      elements++;
      if (depth > scan.depth) refuse(scan.tooDeep, lang, { line: lineAt(at), limit: scan.depth });
    } else elements++;
    if (elements > scan.elements)
      refuse(scan.tooLarge, lang, { line: lineAt(at), limit: scan.elements });
    at = j >= n ? -1 : xml.indexOf('<', j + 1);
  }
}

/** The line of every id="…" attribute, in one pass. */
export function idLines(xml: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /\sid\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;
  let line = 1;
  let last = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    for (let k = last; k < m.index; k++) if (xml.charCodeAt(k) === 10) line++;
    last = m.index;
    const id = m[1] ?? m[2] ?? '';
    if (!out.has(id)) out.set(id, line);
  }
  return out;
}

export const LINE = /line: (\d+)/;

/**
 * Checks and parses a BPMN document. Refuses (4xx) text that is not UTF-8, a DTD or entity,
 * nesting beyond `BPMN_LIMITS.depth`, more than `BPMN_LIMITS.elements` elements, XML that is
 * not well-formed and a document whose root is not `bpmn:definitions`.
 */
export async function readBpmn(xml: string, lang: Lang): Promise<ReadBpmn> {
  if (BAD_TEXT.test(xml)) refuse('CW_ERR_TEXT_INVALID', lang);
  if (!xml.trim()) refuse('CW_ERR_BPMN_INVALID', lang);
  scanXml(xml, lang);
  let parsed: Awaited<ReturnType<BpmnModdle['fromXML']>>;
  try {
    // a Camunda 7 document (and no Zeebe one) is read with Camunda 7's extension
    const camunda7 = xml.includes(CAMUNDA_7) && !xml.includes('http://camunda.org/schema/zeebe/');
    parsed = await (await bpmnModdle(camunda7 ? 'camunda' : 'zeebe')).fromXML(xml);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const line = LINE.exec(message)?.[1];
    refuse('CW_ERR_BPMN_INVALID', lang, line ? { line: Number(line) + 1 } : {});
  }
  const root = parsed.rootElement as Definitions | undefined;
  if (!root || root.$type !== 'bpmn:Definitions') refuse('CW_ERR_BPMN_INVALID', lang);
  const lines = idLines(xml);
  const warnings = parsed.warnings.map((w) => {
    const message = String((w as { message?: unknown }).message ?? w);
    const line = LINE.exec(message)?.[1];
    const element = (w as { element?: { id?: string } }).element?.id;
    return {
      message: message.split('\n')[0]!.slice(0, 300),
      ...(line
        ? { line: Number(line) + 1 }
        : element && lines.has(element)
          ? { line: lines.get(element)! }
          : {}),
      ...(element ? { element } : {}),
    };
  });
  return { definitions: root, lines, warnings };
}
