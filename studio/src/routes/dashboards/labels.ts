/**
 * What every dashboard panel shares: the charts' colours, how figures are written, and the names
 * of processes, steps, periods, groups and people in the viewer's language.
 *
 * ```ts
 * const labels = dashboardLabels(useI18n(), () => data);
 * labels.processName('complaint'); // "Complaint"
 * ```
 */
import { formatDuration } from '$lib/charts';
import { intlLocale, TIME_ZONE, type I18n } from '$lib/i18n';
import type { PageData } from './$types';

/** The charts' colours. */
export const C = {
  blue: '#0b62d6',
  navy: '#12355b',
  green: '#1a7f37',
  red: '#cf222e',
  amber: '#bf8700',
  grey: '#8c959f',
} as const;

/** A count, to one decimal where it has one. */
export const count = (n: number) => String(Math.round(n * 10) / 10);
/** A percentage, to one decimal. */
export const percent = (n: number) => `${Math.round(n * 10) / 10}%`;
/** An average score, to two decimals. */
export const average = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

export interface DashboardLabels {
  /** A duration (`2 h 5 min`). */
  dur(ms: number): string;
  processName(id: string): string;
  stepName(processId: string, nodeId: string): string;
  /** The start of a period (a day, week or month) in the studio's time zone. */
  periodLabel(iso: string): string;
  /** A group by name, the id when a name is missing. */
  groupName(id: string | undefined, name: unknown): string;
  /** A person by name, the id when a name is missing. */
  personName(id: string | undefined, name: string | null | undefined): string;
}

/** The labels of the page's `data` (read when called, so they follow the data and language). */
export function dashboardLabels(
  i18n: I18n,
  data: () => Pick<PageData, 'processes' | 'names' | 'period'>,
): DashboardLabels {
  return {
    dur: (ms) => formatDuration(ms, i18n.lang),
    processName: (id) => i18n.label(data().processes.find((p) => p.id === id)?.name, id),
    stepName: (processId, nodeId) =>
      i18n.label(data().names.nodes[`${processId}/${nodeId}`], nodeId),
    periodLabel: (iso) =>
      new Intl.DateTimeFormat(intlLocale(i18n.lang), {
        timeZone: TIME_ZONE,
        ...(data().period === 'month'
          ? { year: 'numeric', month: 'short' }
          : { year: 'numeric', month: 'short', day: 'numeric' }),
      }).format(new Date(iso)),
    groupName: (id, name) => i18n.label(name, id ?? ''),
    personName: (id, name) => name || id || '',
  };
}
