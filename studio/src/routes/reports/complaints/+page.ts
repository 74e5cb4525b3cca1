/**
 * The complaints report (administrators and supervisors), from the URL so a report can be
 * bookmarked and printed: `?period=month&month=2026-11` (the default: this month) or
 * `?period=year&year=2026`; the month or year is in the business's zone. One read of
 * `GET /api/reports/complaints` (by period of receipt, business category and region, with the
 * root causes of the major ones and the names of the values).
 */
import { localDateTime, parseInstant } from '@caseway/engine/time';
import { createApi, failLoad } from '$lib/api';
import { TIME_ZONE } from '$lib/i18n';
import { complaintReport, type ComplaintReportQuery } from '$lib/supervision';
import type { PageLoad } from './$types';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;

/** The instant local midnight of a date starts in the business's zone. */
const midnight = (date: string) => new Date(parseInstant(date, TIME_ZONE)!).toISOString();

export const load: PageLoad = async ({ fetch, url }) => {
  const p = url.searchParams;
  const period = p.get('period') === 'year' ? 'year' : 'month';
  const today = localDateTime(Date.now(), TIME_ZONE); // yyyy-mm-ddThh:mm
  const month = MONTH.test(p.get('month') ?? '') ? p.get('month')! : today.slice(0, 7);
  const year = YEAR.test(p.get('year') ?? '') ? p.get('year')! : today.slice(0, 4);
  let from: string;
  let to: string;
  if (period === 'year') {
    from = midnight(`${year}-01-01`);
    to = midnight(`${Number(year) + 1}-01-01`);
  } else {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    from = midnight(`${month}-01`);
    to = midnight(`${next}-01`);
  }
  const query: ComplaintReportQuery = { period, from, to, timeZone: TIME_ZONE };
  try {
    const report = await complaintReport(createApi({ fetch }), query);
    return { report, query, month, year, producedAt: new Date().toISOString() };
  } catch (e) {
    failLoad(e, url);
  }
};
