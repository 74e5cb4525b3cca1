/**
 * The page vocabulary templates write with: a letterhead, a title, label/value rows, headings,
 * paragraphs and numbered lists, each in Chinese, English or both (Chinese first, English in
 * smaller grey type below it). Text is drawn with pdfkit in the one embedded CJK font; a
 * character the font has no glyph for is refused, never printed as an empty box.
 *
 * @example
 *   const w = await openWriter({ font, lang: 'both', title, companyName });
 *   w.rows([[{ 'zh-Hant': '賠案編號', en: 'Claim number' }, 'CL-1']]);
 *   const pdf = await w.finish(contact); // Buffer
 */
import type PDFDocument from 'pdfkit';

// pdfkit (with fontkit and its tables) is loaded at the first render, not with the plugin: it
// is most of what this plugin's worker holds (about 20 MB), and many engines never render
let pdfkit: Promise<typeof PDFDocument> | undefined;

/** The same text in Traditional Chinese and English. */
export interface Bilingual {
  'zh-Hant': string;
  en: string;
}
/** A string printed as it is in every language, or a text per language. */
export type Text = string | Bilingual;
export type Lang = 'zh-Hant' | 'en' | 'both';

export interface FontFile {
  data: Buffer;
  /** The face in a collection (.ttc), or a named variation of a variable font. */
  name: string | undefined;
}

/** A font, a character or a layout problem retrying cannot fix. */
export class RenderError extends Error {}

const MARGIN = 56;
const FOOTER = 40;
const LABEL_WIDTH = 150;
const GAP = 10;
const STYLE = {
  company: { size: 15, color: '#000000' },
  title: { size: 17, color: '#000000' },
  heading: { size: 12, color: '#000000' },
  body: { size: 10.5, color: '#000000' },
  second: { size: 9, color: '#555555' },
  foot: { size: 8, color: '#555555' },
};
type Style = keyof typeof STYLE;

interface Glyphs {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

export interface Writer {
  /** Label/value rows in two columns. */
  rows(rows: [label: Text, value: Text][]): void;
  heading(text: Text): void;
  paragraph(text: Text): void;
  /** A numbered list. */
  list(items: Text[]): void;
  /** Right-aligned closing lines (who issues the document, when). */
  sign(lines: Text[]): void;
  /** Adds the footer (contact, page numbers) to every page and returns the PDF. */
  finish(contact: Bilingual | undefined): Promise<{ pdf: Buffer; pages: number }>;
}

export interface WriterOptions {
  font: FontFile;
  lang: Lang;
  title: Bilingual;
  companyName: Bilingual;
}

/** Starts an A4 document with the letterhead and the title. */
export async function openWriter({
  font,
  lang,
  title,
  companyName,
}: WriterOptions): Promise<Writer> {
  const Pdf = await (pdfkit ??= import('pdfkit').then((m) => m.default));
  const doc = new Pdf({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER },
    bufferPages: true,
    lang: lang === 'en' ? 'en' : 'zh-Hant',
    info: {
      Title: pick(title, lang),
      Author: pick(companyName, lang),
      Creator: 'Caseway documents',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    if (font.name === undefined) doc.registerFont('cjk', font.data);
    else doc.registerFont('cjk', font.data, font.name);
    doc.font('cjk');
  } catch (e) {
    throw new RenderError(`the font cannot be used: ${(e as Error).message}`);
  }
  const glyphs = (doc as unknown as { _font?: { font?: Glyphs } })._font?.font;
  const width = doc.page.width - 2 * MARGIN;

  /** The lines to print for a text: one, or in `both` the Chinese and the English. */
  const linesOf = (t: Text, style: Style): [string, Style][] =>
    typeof t === 'string'
      ? [[t, style]]
      : lang === 'both'
        ? [
            [t['zh-Hant'], style],
            [t.en, 'second'],
          ]
        : [[t[lang], style]];

  const check = (s: string) => {
    for (const ch of s)
      if (!/\s/.test(ch) && glyphs && !glyphs.hasGlyphForCodePoint(ch.codePointAt(0)!))
        throw new RenderError(
          `the font has no glyph for "${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`,
        );
  };
  const put = (s: string, style: Style, options: PDFKit.Mixins.TextOptions, x?: number) => {
    check(s);
    doc.fontSize(STYLE[style].size).fillColor(STYLE[style].color);
    if (x === undefined) doc.text(s, options);
    else doc.text(s, x, doc.y, options);
  };
  const block = (t: Text, style: Style, options: PDFKit.Mixins.TextOptions = {}) => {
    for (const [s, st] of linesOf(t, style)) put(s, st, { width, ...options }, MARGIN);
  };
  const heightOf = (t: Text, w: number, style: Style) =>
    linesOf(t, style).reduce(
      (h, [s, st]) => h + doc.fontSize(STYLE[st].size).heightOfString(s, { width: w }),
      0,
    );
  const room = (h: number) => {
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  const rule = () => {
    doc
      .moveTo(MARGIN, doc.y)
      .lineTo(MARGIN + width, doc.y)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
  };

  block(companyName, 'company');
  doc.moveDown(0.5);
  block(title, 'title', { align: 'center' });
  doc.moveDown(0.5);
  rule();
  doc.moveDown(1);

  return {
    rows(rows) {
      const valueX = MARGIN + LABEL_WIDTH + GAP;
      const valueWidth = width - LABEL_WIDTH - GAP;
      for (const [label, value] of rows) {
        room(Math.max(heightOf(label, LABEL_WIDTH, 'body'), heightOf(value, valueWidth, 'body')));
        const top = doc.y;
        for (const [s, st] of linesOf(label, 'body')) put(s, st, { width: LABEL_WIDTH }, MARGIN);
        const labelEnd = doc.y;
        doc.y = top;
        for (const [s, st] of linesOf(value, 'body')) put(s, st, { width: valueWidth }, valueX);
        doc.y = Math.max(labelEnd, doc.y) + 4;
      }
      doc.moveDown(0.5);
    },
    heading(text) {
      doc.moveDown(0.5);
      room(heightOf(text, width, 'heading') + 30);
      block(text, 'heading');
      doc.moveDown(0.3);
    },
    paragraph(text) {
      block(text, 'body');
      doc.moveDown(0.5);
    },
    list(items) {
      items.forEach((item, i) => {
        const number = `${i + 1}.`;
        room(heightOf(item, width - 20, 'body'));
        const top = doc.y;
        put(number, 'body', { width: 18 }, MARGIN);
        doc.y = top;
        for (const [s, st] of linesOf(item, 'body')) put(s, st, { width: width - 20 }, MARGIN + 20);
        doc.moveDown(0.3);
      });
      doc.moveDown(0.3);
    },
    sign(lines) {
      doc.moveDown(1);
      room(lines.reduce((h, t) => h + heightOf(t, width, 'body'), 0));
      for (const t of lines) block(t, 'body', { align: 'right' });
    },
    async finish(contact) {
      const { start, count } = doc.bufferedPageRange();
      for (let i = start; i < start + count; i++) {
        doc.switchToPage(i);
        const bottom = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        const page: Bilingual = {
          'zh-Hant': `第 ${i + 1} 頁，共 ${count} 頁`,
          en: `Page ${i + 1} of ${count}`,
        };
        const foot = [contact ? pick(contact, lang) : '', pick(page, lang)]
          .filter(Boolean)
          .join('    ');
        check(foot);
        doc.fontSize(STYLE.foot.size).fillColor(STYLE.foot.color);
        doc.text(foot, MARGIN, doc.page.height - MARGIN - FOOTER / 2, { width, align: 'center' });
        doc.page.margins.bottom = bottom;
      }
      doc.end();
      return { pdf: await ended, pages: count };
    },
  };
}

/** One line of text in the given language; in `both`, Chinese then English on one line. */
export function pick(t: Text, lang: Lang): string {
  if (typeof t === 'string') return t;
  return lang === 'both' ? `${t['zh-Hant']} ${t.en}` : t[lang];
}
