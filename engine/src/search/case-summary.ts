/**
 * How a case looks in search results and related-case lists: process name, business key,
 * state, the steps it is at, the open tasks the caller may open, when it started, and the
 * customer's name (personal data: masked by the response like any other, unless revealed).
 */
import type { DefinitionRegistry } from '../definitions/index.ts';
import type { Actor } from '../access/index.ts';
import { search, type Db, type SummaryRow } from '../store/index.ts';
import { CaseIndex } from './case-index.ts';

type Localized = { 'zh-Hant': string; en: string };

export interface CaseSummary {
  id: string;
  processId: string;
  processVersion: number;
  processName: Localized | null;
  businessKey: string | null;
  reference: string | null;
  status: string;
  currentSteps: { nodeId: string; name: Localized | null }[];
  openTasks: { id: string; nodeId: string }[];
  customerName: string | null;
  startedAt: string;
  endedAt: string | null;
}

export async function summarise(
  deps: { db: Db; registry: DefinitionRegistry },
  actor: Actor,
  rows: SummaryRow[],
): Promise<CaseSummary[]> {
  if (!rows.length) return [];
  const tasks = await search.openTasksVisible(
    deps.db,
    actor,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    let definition;
    try {
      definition = deps.registry.process(r.process_id, r.process_version).definition;
    } catch {
      definition = undefined; // a version no longer held: ids instead of names
    }
    const nameOf = (nodeId: string) =>
      (definition?.nodes.find((n) => n.id === nodeId)?.name as Localized | undefined) ?? null;
    const nameVar = CaseIndex.declaration(
      deps.registry,
      r.process_id,
      r.process_version,
    )?.customerName;
    const name = nameVar ? r.variables?.[nameVar] : undefined;
    // personal data: masked in the response like any other, unless the request revealed it
    const customerName = typeof name === 'string' && name ? name : null;
    return {
      id: r.id,
      processId: r.process_id,
      processVersion: r.process_version,
      processName: (definition?.name as Localized | undefined) ?? null,
      businessKey: r.business_key,
      reference: r.reference,
      status: r.status,
      currentSteps: [...new Set((r.tokens ?? []).map((t) => t.nodeId))].map((nodeId) => ({
        nodeId,
        name: nameOf(nodeId),
      })),
      openTasks: tasks
        .filter((t) => t.instance_id === r.id)
        .map((t) => ({ id: t.id, nodeId: t.node_id })),
      customerName,
      startedAt: new Date(r.started_at).toISOString(),
      endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null,
    };
  });
}

/** A definition's text (zh-Hant and en always, zh-Hans and others when it adds them), or null. */
const localized = {
  type: 'object',
  nullable: true,
  required: ['zh-Hant', 'en'],
  properties: {
    'zh-Hant': { type: 'string' },
    en: { type: 'string' },
    'zh-Hans': { type: 'string' },
  },
  // any other locale a definition adds: response schemas drop undeclared keys
  additionalProperties: { type: 'string' },
} as const;

/** The OpenAPI schema of a CaseSummary (`summarise` sends every property). */
export const caseSummarySchema = {
  type: 'object',
  required: [
    'id',
    'processId',
    'processVersion',
    'processName',
    'businessKey',
    'reference',
    'status',
    'currentSteps',
    'openTasks',
    'customerName',
    'startedAt',
    'endedAt',
  ],
  properties: {
    id: { type: 'string' },
    processId: { type: 'string' },
    processVersion: { type: 'integer' },
    processName: localized,
    businessKey: { type: 'string', nullable: true },
    reference: {
      type: 'string',
      nullable: true,
      description: "The case's reference, as its customer quotes it.",
    },
    status: { type: 'string', enum: ['active', 'completed', 'cancelled'] },
    currentSteps: {
      type: 'array',
      items: {
        type: 'object',
        required: ['nodeId', 'name'],
        properties: {
          nodeId: { type: 'string' },
          name: localized,
        },
      },
    },
    openTasks: {
      type: 'array',
      description: 'Open tasks of the case the caller may open.',
      items: {
        type: 'object',
        required: ['id', 'nodeId'],
        properties: { id: { type: 'string' }, nodeId: { type: 'string' } },
      },
    },
    customerName: {
      type: 'string',
      nullable: true,
      description:
        "The customer's name, masked (first and last characters) like all personal data unless the request revealed it (`reveal`, role personal-data, recorded).",
    },
    startedAt: { type: 'string', format: 'date-time' },
    endedAt: { type: 'string', format: 'date-time', nullable: true },
  },
} as const;

/**
 * The OpenAPI schema of a list of summaries, each with more properties (why it is listed),
 * always sent like the rest.
 */
export function caseSummariesSchema(extra: Record<string, unknown>) {
  return {
    type: 'array',
    items: {
      ...caseSummarySchema,
      required: [...caseSummarySchema.required, ...Object.keys(extra)],
      properties: { ...caseSummarySchema.properties, ...extra },
    },
  } as const;
}
