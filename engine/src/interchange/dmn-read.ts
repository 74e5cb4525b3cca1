/**
 * Reading DMN XML that anyone may send, as BPMN is read (./bpmn-read.ts): checked before any
 * parser sees it (text, DTDs and entities, nesting, element count), then parsed by dmn-moddle.
 * DMN 1.1 and 1.2 documents are read as 1.3 (their namespaces renamed; a decision table's
 * elements are the same in the three), and the answer says which version the file was.
 *
 * @example
 *   const { definitions, lines, warnings, version } = await readDmn(xml, 'en');
 */
import type { DmnDefinitions } from 'dmn-moddle';
import type { Lang } from '../errors.ts';
import { BAD_TEXT, idLines, LINE, refuse, scanXml, type XmlScan } from './bpmn-read.ts';

/** What an imported DMN document may be. */
export const DMN_LIMITS = {
  /** bytes of XML (the route's body limit) */
  bytes: 2 * 1024 * 1024,
  /** definitions > decision > decisionTable > rule > inputEntry > text is 6: room for extensions */
  depth: 32,
  /** elements in the whole document */
  elements: 50_000,
} as const;

const SCAN: XmlScan = {
  depth: DMN_LIMITS.depth,
  elements: DMN_LIMITS.elements,
  entities: 'CW_ERR_DMN_ENTITIES',
  tooDeep: 'CW_ERR_DMN_TOO_DEEP',
  tooLarge: 'CW_ERR_DMN_TOO_LARGE',
};

const DMN_13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const DMNDI_13 = 'https://www.omg.org/spec/DMN/20191111/DMNDI/';
/** Older model and diagram namespaces, renamed to 1.3's. */
const OLDER: [RegExp, string, string][] = [
  [/(["'])http:\/\/www\.omg\.org\/spec\/DMN\/20151101\/dmn(11)?\.xsd\1/g, DMN_13, '1.1'],
  [/(["'])http:\/\/www\.omg\.org\/spec\/DMN\/20180521\/MODEL\/\1/g, DMN_13, '1.2'],
  [/(["'])http:\/\/www\.omg\.org\/spec\/DMN\/20180521\/DMNDI\/\1/g, DMNDI_13, '1.2'],
];

export interface ReadDmn {
  definitions: DmnDefinitions;
  /** the line (from 1) on which each id="…" attribute stands */
  lines: Map<string, number>;
  /** what dmn-moddle read past, with its line */
  warnings: { message: string; line?: number; element?: string }[];
  /** the DMN version the document was written in */
  version: '1.1' | '1.2' | '1.3';
}

/**
 * Checks and parses a DMN document. Refuses (4xx) text that is not UTF-8, a DTD or entity,
 * nesting beyond `DMN_LIMITS.depth`, more than `DMN_LIMITS.elements` elements, XML that is not
 * well-formed and a document whose root is not `dmn:definitions`.
 */
export async function readDmn(xml: string, lang: Lang): Promise<ReadDmn> {
  if (BAD_TEXT.test(xml)) refuse('CW_ERR_TEXT_INVALID', lang);
  if (!xml.trim()) refuse('CW_ERR_DMN_INVALID', lang);
  scanXml(xml, lang, SCAN);
  let version: ReadDmn['version'] = '1.3';
  let text = xml;
  for (const [older, newer, v] of OLDER)
    text = text.replace(older, (_m, q: string) => {
      version = v as ReadDmn['version'];
      return `${q}${newer}${q}`;
    });
  let parsed: Awaited<ReturnType<import('dmn-moddle').DmnModdle['fromXML']>>;
  try {
    // loaded when first used: an engine whose node_modules lacks it still starts
    const { DmnModdle } = await import('dmn-moddle');
    parsed = await new DmnModdle().fromXML(text, 'dmn:Definitions');
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const nested = (e as { warnings?: { message?: string }[] }).warnings?.[0]?.message ?? '';
    const line = LINE.exec(message)?.[1] ?? LINE.exec(nested)?.[1];
    refuse('CW_ERR_DMN_INVALID', lang, line ? { line: Number(line) + 1 } : {});
  }
  const root = parsed.rootElement;
  if (!root || root.$type !== 'dmn:Definitions') refuse('CW_ERR_DMN_INVALID', lang);
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
  return { definitions: root as DmnDefinitions, lines, warnings, version };
}
