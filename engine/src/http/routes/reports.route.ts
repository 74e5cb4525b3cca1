/**
 * Reports insurers must keep. The complaints report (2020 consumer-complaint rules for banks and
 * insurers): per month or year of receipt, per business category and region, how many were
 * received, decided within 15 days, extended to 30, past their legal time and still open, the
 * average handling time, and the root causes of the major ones; as JSON (with the names of the
 * categories, regions and causes in both languages) or CSV (with the names in the caller's
 * language). Scoped to the cases the caller may see.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { langFromHeader } from '../../errors.ts';
import { optionLabels } from '../../supervision/index.ts';
import { errorResponse } from '../app.ts';
import { formatParam, sendTable } from '../csv.ts';
import { checkZone, refusePersonal } from '../checks.ts';
import { answer, localizedText, nullableString } from '../schemas.ts';

const VARIABLE = '^[A-Za-z_][A-Za-z0-9_]*$';
const YEAR_MS = 366 * 24 * 3600_000;

const count = { type: 'integer' } as const;
/** A value's names in both languages, by value. */
const names = {
  type: 'object',
  additionalProperties: localizedText,
} as const;

/** The JSON answer (`format=json`); CSV is one of its tables. */
const reportAnswer = answer(
  {
    items: {
      type: 'array',
      items: answer({
        period: { type: 'string', format: 'date-time', description: 'The period’s start.' },
        category: nullableString,
        region: nullableString,
        received: count,
        closedWithin15Days: count,
        extendedTo30Days: count,
        overdue: count,
        open: count,
        major: count,
        decided: count,
        averageHandlingMs: { type: ['number', 'null'] },
      }),
    },
    rootCauses: {
      type: 'array',
      items: answer({
        period: { type: 'string', format: 'date-time' },
        rootCause: nullableString,
        count,
      }),
    },
    labels: answer({ category: names, region: names, rootCause: names }),
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
  },
  [],
  'The report as JSON (`format=json`); `format=csv` answers one of its tables as text/csv.',
);

/** What the shipped complaint process records, by variable name. */
export const COMPLAINT_REPORT = {
  processId: 'complaint',
  category: 'businessCategory',
  region: 'region',
  severity: 'severity',
  rootCause: 'rootCauseArea',
  extended: 'extended',
  decisionSlas: ['complaint-decision', 'complaint-decision-extended'],
} as const;

interface ReportQuery {
  processId: string;
  category: string;
  region: string;
  period: 'month' | 'year';
  from?: string;
  to?: string;
  timeZone: string;
  table: 'summary' | 'root-causes';
  format: 'json' | 'csv';
}

export async function reportRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Querystring: ReportQuery }>(
    '/reports/complaints',
    {
      config: { auth: { duties: ['oversee'] } },
      schema: {
        tags: ['reports'],
        summary:
          'The complaints report: per `period` (month or year) of receipt, per business category and region (the variables `category` and `region` name; never personal data): `received`, `closedWithin15Days` (decided and the complainant told within 15 days of receipt), `extendedTo30Days`, `overdue` (a decision clock past its target), `open`, `major`, `decided`, `averageHandlingMs` (receipt to decision, over the decided ones); `rootCauses` counts the root causes of the major ones per period; `labels` names the values in both languages. From `from` (default: a year before `to`) to `to` (default: now). As CSV (`format=csv`) the `table` chosen, with the names in the caller’s language.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            processId: { type: 'string', maxLength: 64, default: COMPLAINT_REPORT.processId },
            category: { type: 'string', pattern: VARIABLE, default: COMPLAINT_REPORT.category },
            region: { type: 'string', pattern: VARIABLE, default: COMPLAINT_REPORT.region },
            period: { type: 'string', enum: ['month', 'year'], default: 'month' },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            timeZone: { type: 'string', default: 'UTC', maxLength: 64 },
            table: { type: 'string', enum: ['summary', 'root-causes'], default: 'summary' },
            format: formatParam,
          },
        },
        response: { 200: reportAnswer, 400: errorResponse, 403: errorResponse },
      },
    },
    async (req, reply) => {
      const q = req.query;
      refusePersonal(engine, [
        { key: q.category, pointer: '/category' },
        { key: q.region, pointer: '/region' },
      ]);
      checkZone(q.timeZone, req.headers['accept-language']);
      const to = q.to ? new Date(q.to) : new Date(engine.clock.now());
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - YEAR_MS);
      const report = await engine.data.analytics.complaintReport(req.actor, {
        ...COMPLAINT_REPORT,
        decisionSlas: [...COMPLAINT_REPORT.decisionSlas],
        processId: q.processId,
        category: q.category,
        region: q.region,
        period: q.period,
        timeZone: q.timeZone,
        from,
        to,
      });
      const labels = optionLabels(engine.registry, q.processId, [
        q.category,
        q.region,
        COMPLAINT_REPORT.rootCause,
      ]);
      const items = report.rows.map((r) => ({ ...r, period: r.period.toISOString() }));
      const rootCauses = report.rootCauses.map((r) => ({ ...r, period: r.period.toISOString() }));
      if (q.format === 'json')
        return {
          items,
          rootCauses,
          labels: {
            category: labels[q.category],
            region: labels[q.region],
            rootCause: labels[COMPLAINT_REPORT.rootCause],
          },
          from: from.toISOString(),
          to: to.toISOString(),
        };
      const lang = langFromHeader(req.headers['accept-language']);
      const name = (key: string, v: string | null) =>
        v === null ? null : (labels[key]?.[v]?.[lang] ?? v);
      return sendTable(
        reply,
        'csv',
        q.table === 'summary'
          ? items.map((r) => ({
              period: r.period,
              category: r.category,
              categoryName: name(q.category, r.category),
              region: r.region,
              regionName: name(q.region, r.region),
              received: r.received,
              closedWithin15Days: r.closedWithin15Days,
              extendedTo30Days: r.extendedTo30Days,
              overdue: r.overdue,
              open: r.open,
              major: r.major,
              decided: r.decided,
              averageHandlingMs: r.averageHandlingMs,
            }))
          : rootCauses.map((r) => ({
              ...r,
              rootCauseName: name(COMPLAINT_REPORT.rootCause, r.rootCause),
            })),
      );
    },
  );
}
