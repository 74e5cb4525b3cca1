/**
 * A notice is data, not markup: templates return paragraphs, lists and labelled facts per
 * language, and this module renders them to plain text and to HTML, escaping every value on
 * the way. No template engine, nothing evaluated: a parameter can never become markup.
 *
 * In zh-Hans a template's own Simplified notice wins; otherwise its zh-Hant notice is converted
 * phrase by phrase by the engine's converter (the one definitions are read through), subject,
 * labels, params and all, so a mainland reader gets Simplified characters throughout. `both`
 * stays Traditional Chinese and English.
 *
 * @example
 *   const mail = render({ 'zh-Hant': zh, en }, 'both');
 *   // mail.subject: '拒絕賠付通知… / Claim refused…'; Chinese first in text and html
 */
import { toSimplified } from '@caseway/plugin-sdk/locale';
import type { SendInput } from './types.generated.ts';

export type Lang = SendInput['lang'];
export type NoticeLang = Exclude<Lang, 'both'>;

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  /** A sentence, then an address to open (a link in HTML, the address on its own line in text). */
  | { kind: 'link'; text: string; href: string }
  | { kind: 'facts'; rows: [label: string, value: string][] };

export interface Notice {
  subject: string;
  blocks: Block[];
}

/**
 * What a template returns: the same notice in zh-Hant and en, and in zh-Hans where the converted
 * zh-Hant would not be what a mainland reader expects.
 */
export type Bilingual = Record<'zh-Hant' | 'en', Notice> & { 'zh-Hans'?: Notice };

/** A zh-Hant notice in Simplified Chinese, every text converted; addresses left as they are. */
function simplified(n: Notice): Notice {
  const block = (b: Block): Block => {
    switch (b.kind) {
      case 'paragraph':
        return { kind: 'paragraph', text: toSimplified(b.text) };
      case 'list':
        return { kind: 'list', items: b.items.map(toSimplified) };
      case 'link':
        return { kind: 'link', text: toSimplified(b.text), href: b.href };
      case 'facts':
        return {
          kind: 'facts',
          rows: b.rows.map(([label, value]) => [toSimplified(label), toSimplified(value)]),
        };
    }
  };
  return { subject: toSimplified(n.subject), blocks: n.blocks.map(block) };
}

/** The notice in one language: its own text, or in zh-Hans the zh-Hant one converted. */
export function noticeIn(notice: Bilingual, lang: NoticeLang): Notice {
  if (lang !== 'zh-Hans') return notice[lang];
  return notice['zh-Hans'] ?? simplified(notice['zh-Hant']);
}

/** Labelled facts, leaving out those without a value (an optional param); none: no block. */
export function facts(...rows: [label: string, value: string | undefined][]): Block[] {
  const shown = rows.filter((r): r is [string, string] => r[1] !== undefined);
  return shown.length ? [{ kind: 'facts', rows: shown }] : [];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const colon = (lang: NoticeLang) => (lang === 'en' ? ': ' : '：');

function blockText(b: Block, lang: NoticeLang): string {
  switch (b.kind) {
    case 'paragraph':
      return b.text;
    case 'list':
      return b.items.map((item, i) => `  ${i + 1}. ${item}`).join('\n');
    case 'link':
      return `${b.text}\n${b.href}`;
    case 'facts':
      return b.rows.map(([label, value]) => `${label}${colon(lang)}${value}`).join('\n');
  }
}

function blockHtml(b: Block, lang: NoticeLang): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'list':
      return `<ol>${b.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ol>`;
    case 'link':
      return `<p>${escapeHtml(b.text)}<br><a href="${escapeHtml(b.href)}">${escapeHtml(b.href)}</a></p>`;
    case 'facts':
      return `<table>${b.rows
        .map(
          ([label, value]) =>
            `<tr><th align="left">${escapeHtml(label + colon(lang).trim())}</th><td>${escapeHtml(value)}</td></tr>`,
        )
        .join('')}</table>`;
  }
}

const textOf = (n: Notice, lang: NoticeLang) =>
  n.blocks.map((b) => blockText(b, lang)).join('\n\n');
const htmlOf = (n: Notice, lang: NoticeLang) =>
  `<section lang="${lang}">${n.blocks.map((b) => blockHtml(b, lang)).join('\n')}</section>`;

const page = (lang: string, title: string, body: string) =>
  `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n${body}\n</body></html>\n`;

/** One language, or both in one mail with Chinese first. */
export function render(notice: Bilingual, lang: Lang): RenderedMail {
  if (lang !== 'both') {
    const n = noticeIn(notice, lang);
    return {
      subject: n.subject,
      text: `${textOf(n, lang)}\n`,
      html: page(lang, n.subject, htmlOf(n, lang)),
    };
  }
  const zh = notice['zh-Hant'];
  const en = notice.en;
  const subject = `${zh.subject} / ${en.subject}`;
  return {
    subject,
    text: `${textOf(zh, 'zh-Hant')}\n\n----------------------------------------\n\n${textOf(en, 'en')}\n`,
    html: page('zh-Hant', subject, `${htmlOf(zh, 'zh-Hant')}\n<hr>\n${htmlOf(en, 'en')}`),
  };
}
