/**
 * What a case asks of its customer now, as the tracking page shows it: the documents it waits
 * for (one line per document code the definition's `public.uploads[].items` variable lists,
 * with the files sent against each so far) and the amounts it waits for them to accept or
 * dispute (`public.answers`). Pure: the caller reads the definition, the case's variables, its
 * pending waits and the files held for them.
 *
 * @example
 *   customerAsks(definition, { supplementRequested: ['invoices'] }, [{ id: 's1', message: 'docs' }], []);
 *   // { uploads: [{ message: 'docs', subscriptionId: 's1', label, lines: [{ item: 'invoices', label, documents: [] }] }], answers: [] }
 */
import type { LocalizedText, ProcessDefinition, PublicUpload } from '../generated/index.ts';

/** One document asked for, and the names of the files sent against it so far. */
export interface AskedLine {
  item: string;
  /** Null when the definition gives the code no label (the page shows the code). */
  label: LocalizedText | null;
  documents: string[];
}

export interface AskedUpload {
  message: string;
  label: LocalizedText;
  subscriptionId: string;
  /** Empty: one upload of any documents answers the wait. */
  lines: AskedLine[];
}

export interface AskedAnswer {
  message: string;
  label: LocalizedText;
  subscriptionId: string;
  /** The amount offered, in fen; null when the variable holds no whole amount. */
  amount: number | null;
}

export interface Held {
  waitId: string;
  item: string | null;
  name: string;
}

/** The document codes an upload asks for: the `items` variable's distinct codes, in order. */
export function askedItems(upload: PublicUpload, variables: Record<string, unknown>): string[] {
  if (!upload.items) return [];
  const value = variables[upload.items];
  if (!Array.isArray(value)) return [];
  const codes = value.filter((v): v is string => typeof v === 'string' && v.length > 0);
  return [...new Set(codes)];
}

/** The document codes of `asked` that no file was sent against yet. */
export function missingItems(asked: readonly string[], sent: readonly (string | null)[]): string[] {
  const covered = new Set(sent);
  return asked.filter((item) => !covered.has(item));
}

export function customerAsks(
  definition: ProcessDefinition,
  variables: Record<string, unknown>,
  pending: readonly { id: string; message: string }[],
  held: readonly Held[],
): { uploads: AskedUpload[]; answers: AskedAnswer[] } {
  const uploads = definition.public?.uploads ?? [];
  const answers = definition.public?.answers ?? [];
  return {
    uploads: pending.flatMap((s) => {
      const u = uploads.find((x) => x.message === s.message);
      if (!u) return [];
      const lines = askedItems(u, variables).map((item) => ({
        item,
        label: u.itemLabels?.[item] ?? null,
        documents: held.filter((h) => h.waitId === s.id && h.item === item).map((h) => h.name),
      }));
      return [{ message: s.message, label: u.label, subscriptionId: s.id, lines }];
    }),
    answers: pending.flatMap((s) => {
      const a = answers.find((x) => x.message === s.message);
      if (!a) return [];
      const amount = variables[a.amount];
      return [
        {
          message: s.message,
          label: a.label,
          subscriptionId: s.id,
          amount: typeof amount === 'number' && Number.isSafeInteger(amount) ? amount : null,
        },
      ];
    }),
  };
}
