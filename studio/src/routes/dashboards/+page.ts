/**
 * Dashboards (administrators and supervisors), from the URL so a view can be bookmarked:
 * `?days=30&period=week&process=complaint`. SLA compliance per SLA and period, cycle times per
 * process and per step, workload per group and person, complaints by category and severity
 * (the shipped `complaint` process's `category` and `severity` variables, labelled from its
 * classification form), satisfaction scores of the shipped `survey-response` process (overall
 * rating, response rate, per kind of survey, labelled from its start form), and the chosen
 * process's graph for the heat map of time per node; clocks past their SLA (case- and
 * task-level), the age of open cases, throughput and handling time per person and group, and
 * ratings from every step that records one.
 */
import type { ProcessDefinition } from '@caseway/engine/types';
import {
  analytics,
  createApi,
  failLoad,
  isAbsent,
  listTasks,
  slaReport,
  type AgeingRow,
  type CycleTime,
  type PastSlaRow,
  type RatingRow,
  type ScoreRow,
  type ThroughputRow,
  type WorkloadRow,
} from '$lib/api';
import { nodeNames } from '$lib/inbox';
import { TIME_ZONE } from '$lib/i18n';
import type { PageLoad } from './$types';

const DAYS = [7, 30, 90, 365] as const;
const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];
const DAY_MS = 86_400_000;

/** The complaint process and the variables its classification form sets. */
const COMPLAINTS = { processId: 'complaint', form: 'complaint-classification' } as const;

/**
 * Survey responses: the overall rating (1–5) of each case, whether the customer answered, and
 * the kind of survey (claim, new policy, campaign) set by its start form.
 */
const SURVEYS = {
  processId: 'survey-response',
  score: 'overallRating',
  answered: 'answered',
  by: 'surveyKind',
  form: 'survey-response-start',
} as const;

/**
 * Where the shipped processes record a 1–5 rating (`process/node/field`): the claim's own
 * survey step (one rating before claim v4, the average of its answers since), the survey response, the follow-up visit, the after-sales request's tracking and
 * the value-added service's evaluation.
 */
const RATING_SOURCES = [
  'claim/satisfaction-survey/rating',
  // claim v4's survey: the average of its answers' ratings (a computed field)
  'claim/satisfaction-survey/overallRating',
  'survey-response/record-answers/overallRating',
  'follow-up-visit/visit/satisfaction',
  'after-sales-request/track/satisfaction',
  'value-added-service/evaluate/satisfaction',
] as const;

export interface ComplaintCount {
  category: string | null;
  severity: string | null;
  count: number;
  open: number;
}

/** `{ value: label }` of each select field's options in a form body. */
function optionLabels(body: unknown): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const walk = (fields: unknown) => {
    if (!Array.isArray(fields)) return;
    for (const f of fields as Record<string, unknown>[]) {
      if (typeof f.key === 'string' && Array.isArray(f.options))
        out[f.key] = Object.fromEntries(
          (f.options as { value: string; label: unknown }[]).map((o) => [o.value, o.label]),
        );
      walk(f.fields);
    }
  };
  walk((body as { fields?: unknown } | null)?.fields);
  return out;
}

export const load: PageLoad = async ({ fetch, url }) => {
  const p = url.searchParams;
  const days = DAYS.find((d) => String(d) === p.get('days')) ?? 30;
  const period: Period = PERIODS.find((x) => x === p.get('period')) ?? 'week';
  const now = Date.now();
  const range = {
    from: new Date(now - days * DAY_MS).toISOString(),
    to: new Date(now + DAY_MS).toISOString(),
  };
  const api = createApi({ fetch });
  try {
    const [processes, slas] = await Promise.all([
      api.definitions('process'),
      api.definitions('sla'),
    ]);
    const ids = processes.items.map((d) => d.id);
    const heatId =
      ids.find((id) => id === p.get('process')) ??
      (ids.includes(COMPLAINTS.processId) ? COMPLAINTS.processId : ids[0]);
    const hasComplaints = ids.includes(COMPLAINTS.processId);
    const hasSurveys = ids.includes(SURVEYS.processId);
    const optionalForm = (id: string) =>
      api.definition('form', id).catch((e: unknown) => {
        if (isAbsent(e)) return null;
        throw e;
      });
    const scoreQuery = {
      ...range,
      processId: SURVEYS.processId,
      score: SURVEYS.score,
      answered: SURVEYS.answered,
      by: SURVEYS.by,
      period,
      timeZone: TIME_ZONE,
    };
    // asked for at the same time as the rest
    const surveys = Promise.all([
      hasSurveys ? analytics(api, 'scores', scoreQuery) : Promise.resolve([]),
      hasSurveys ? optionalForm(SURVEYS.form) : Promise.resolve(null),
    ]);
    const sources = RATING_SOURCES.filter((s) => ids.includes(s.split('/')[0]!));
    // asked for at the same time as the rest too
    const more = Promise.all([
      analytics(api, 'past-sla', {}),
      analytics(api, 'ageing', {}),
      analytics(api, 'throughput', { ...range, by: 'person' }),
      analytics(api, 'throughput', { ...range, by: 'group' }),
      sources.length
        ? analytics(api, 'satisfaction', {
            ...range,
            source: sources,
            period,
            timeZone: TIME_ZONE,
          })
        : Promise.resolve([]),
    ]);
    const [report, cycles, steps, groups, people, complaints, form, heat, late] = await Promise.all(
      [
        slaReport(api, { ...range, period, timeZone: TIME_ZONE }),
        analytics(api, 'cycle-times', { ...range, by: 'process' }),
        analytics(api, 'cycle-times', { ...range, by: 'step' }),
        analytics(api, 'workload', { by: 'group' }),
        analytics(api, 'workload', { by: 'person' }),
        hasComplaints
          ? analytics<'breakdown', ComplaintCount>(api, 'breakdown', {
              ...range,
              processId: COMPLAINTS.processId,
              by: 'category,severity',
            })
          : Promise.resolve([]),
        hasComplaints ? optionalForm(COMPLAINTS.form) : Promise.resolve(null),
        heatId ? api.definition('process', heatId) : Promise.resolve(null),
        // the open work past its service level, each linked to its case page
        listTasks(api, { scope: 'all', sort: 'sla', slaState: 'breached', limit: 20 }),
      ],
    );
    const [scores, surveyForm] = await surveys;
    const [pastSla, ageing, throughputPeople, throughputGroups, ratings] = await more;
    const names = await nodeNames(api, [
      ...steps.map((s) => s.processId),
      ...late.items.map((t) => t.processId),
      ...sources.map((s) => s.split('/')[0]!),
    ]);
    return {
      names,
      days,
      choices: { days: DAYS, periods: PERIODS },
      period,
      range,
      processes: processes.items.map((d) => ({ id: d.id, name: d.name })),
      slaNames: Object.fromEntries(slas.items.map((s) => [s.id, s.name])),
      report: report.items,
      late: late.items,
      cycles,
      steps,
      groups,
      people,
      complaints: { counts: complaints, labels: optionLabels(form?.body ?? null) },
      satisfaction: {
        rows: scores,
        labels: optionLabels(surveyForm?.body ?? null)[SURVEYS.by] ?? {},
        query: scoreQuery,
      },
      pastSla,
      ageing,
      throughput: { people: throughputPeople, groups: throughputGroups },
      ratings: { rows: ratings, sources },
      heat: heat ? { id: heat.id, body: heat.body as unknown as ProcessDefinition } : null,
    };
  } catch (e) {
    failLoad(e, url);
  }
};
