import type { Bilingual, Writer } from '../writer.ts';

/** What every template gets besides its parameters. */
export interface TemplateContext {
  companyName: Bilingual;
  /** IANA zone times are printed in. */
  timeZone: string;
}

/** A notice: its title, the reference its file is named after, and how its body is written. */
export interface Template<P> {
  title: Bilingual;
  reference(params: P): string;
  write(params: P, w: Writer, ctx: TemplateContext): void;
}
