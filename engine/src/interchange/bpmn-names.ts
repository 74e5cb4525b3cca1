/**
 * Names and expressions across the border: BPMN ids to Caseway ids, Zeebe's `=` FEEL and
 * Camunda 7's `${…}` (JUEL) to the FEEL Caseway reads, and back.
 *
 * @example
 *   feelFrom('=amount > 1000')        // { feel: 'amount > 1000' }
 *   feelFrom('${amount >= 10 && ok}') // { feel: 'amount >= 10 and ok', translated: true }
 *   nodeIdFrom('Activity_1.a')        // 'Activity_1_a'
 */
import { syntaxError } from '../expressions/index.ts';

const NODE_ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

export const isVariableName = (s: string): boolean => VARIABLE.test(s) && s.length <= 64;
export const isIsoDuration = (s: string): boolean => ISO_DURATION.test(s);

/** A Caseway node id for a BPMN id (letters, digits, `_`, `-`; a letter first; 64 at most). */
export function nodeIdFrom(id: string): string {
  let out = id.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!/^[A-Za-z]/.test(out)) out = `n${out}`;
  return out.slice(0, 64);
}

export const isNodeId = (s: string): boolean => NODE_ID.test(s) && s.length <= 64;

/** A Caseway definition id (kebab case) for a BPMN id or key: `Claim_Process` -> `claim-process`. */
export function identifierFrom(text: string, fallback: string): string {
  const out = text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-0-9]+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return out || fallback;
}

/** A message name as Caseway's schema has it (`^[a-z][a-z0-9.-]*$`). */
export function messageNameFrom(name: string): string {
  const out = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 100);
  return out || 'message';
}

/** A Caseway action as the schema has it: built-in, `plugin/action` or `plugin@range/action`. */
const ACTION = /^([a-z][a-z0-9-]*(@[0-9A-Za-z.^~<>=*|+ -]+)?\/)?[a-z][a-z0-9-]*$/;

/**
 * `plugin/action` from a Zeebe job type or Camunda topic (`sms:send`, `io.caseway.sms/send`); a
 * Caseway action already (`bank-transfer@^1.2/pay`) stays as it is.
 */
export function actionFrom(jobType: string): string {
  if (ACTION.test(jobType) && jobType.length <= 200) return jobType;
  const parts = jobType
    .split(/[:/]/)
    .map((p) => identifierFrom(p, ''))
    .filter(Boolean);
  if (!parts.length) return 'noop';
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join('-')}/${parts.at(-1)!}`;
}

export interface Feel {
  /** the FEEL Caseway reads, or null when none could be made */
  feel: string | null;
  /** it was Camunda 7's JUEL, rewritten (to be checked) */
  translated?: boolean;
}

/** JUEL to FEEL for the simple expressions Camunda 7 models use (comparisons, and/or/not, quotes). */
function juelToFeel(src: string): string {
  return src
    .replace(/'([^'"\\]*)'/g, '"$1"')
    .replace(/&&|\band\b/g, ' and ')
    .replace(/\|\||\bor\b/g, ' or ')
    .replace(/==|\beq\b/g, '=')
    .replace(/\bne\b/g, '!=')
    .replace(/\bgt\b/g, '>')
    .replace(/\blt\b/g, '<')
    .replace(/\bge\b/g, '>=')
    .replace(/\ble\b/g, '<=')
    .replace(/!(?!=)\s*([A-Za-z_][\w.]*|\([^()]*\))/g, 'not($1)')
    .replace(/\bnot\s+(?!\()([A-Za-z_][\w.]*)/g, 'not($1)')
    .replace(/\bempty\s+([A-Za-z_][\w.]*)/g, '$1 = null')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The FEEL of a BPMN expression: Zeebe's `=expr` is FEEL; `${…}` or `#{…}` is JUEL, rewritten;
 * anything else is read as FEEL as it is. Null when the result does not parse.
 */
export function feelFrom(source: string): Feel {
  const text = source.trim();
  if (!text) return { feel: null };
  if (text.startsWith('=')) {
    const feel = text.slice(1).trim();
    return { feel: feel && !syntaxError(feel) ? feel : null };
  }
  const juel = /^[$#]\{([\s\S]*)\}$/.exec(text);
  if (juel) {
    // a Java method call (`order.getItems().size()`) has no FEEL counterpart
    if (/\.\s*[A-Za-z_]\w*\s*\(/.test(juel[1]!)) return { feel: null, translated: true };
    const feel = juelToFeel(juel[1]!);
    return { feel: feel && !syntaxError(feel) ? feel : null, translated: true };
  }
  return { feel: syntaxError(text) ? null : text };
}

/** A FEEL string literal. */
export const feelString = (s: string): string => JSON.stringify(s);

/**
 * A Zeebe value that is FEEL after `=` or else a static text: FEEL either way. A static list
 * (`"a, b"`) becomes a FEEL list when `list` is set.
 */
export function feelOrStatic(source: string, list = false): Feel {
  const text = source.trim();
  if (text.startsWith('=') || /^[$#]\{[\s\S]*\}$/.test(text)) return feelFrom(text);
  if (!list) return { feel: feelString(text) };
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return { feel: `[${items.map(feelString).join(', ')}]` };
}
