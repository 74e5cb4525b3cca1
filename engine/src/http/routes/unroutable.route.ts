/**
 * Tasks nobody can see: open user tasks whose assignee, candidate users and candidate groups
 * reach no enabled user (a group without members, a name that is nobody's), so they appear in
 * no inbox. Operations lists them (administrators all, supervisors those offered to the groups
 * they oversee) until a group gains a member or the task is reassigned; the case's history says
 * when one was created so (`task.unroutable`).
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { workGroups, worksEveryTask } from '../../access/index.ts';
import { answer, localizedOrNull } from '../schemas.ts';

interface Query {
  limit: number;
  offset: number;
}

export async function unroutableRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Querystring: Query }>(
    '/tasks/unroutable',
    {
      config: { auth: { duties: ['oversee'] } },
      schema: {
        tags: ['tasks'],
        summary:
          'Open tasks no enabled user can see (assignee, candidate users and groups reach nobody), oldest first: all for administrators, those offered to the groups they oversee for supervisors.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            offset: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
          },
        },
        response: {
          200: answer({
            total: { type: 'integer', description: 'How many there are in all.' },
            items: {
              type: 'array',
              items: answer({
                id: { type: 'string' },
                instanceId: { type: 'string' },
                processId: { type: 'string' },
                nodeId: { type: 'string' },
                nodeName: {
                  ...localizedOrNull,
                  description: "The step's name in its process version (null: none).",
                },
                businessKey: { type: ['string', 'null'] },
                reference: {
                  type: ['string', 'null'],
                  description:
                    'What the customer quotes (null only for cases older than references).',
                },
                assignee: { type: ['string', 'null'] },
                candidateGroups: { type: 'array', items: { type: 'string' } },
                candidateUsers: { type: 'array', items: { type: 'string' } },
                createdAt: { type: 'string', format: 'date-time' },
              }),
            },
          }),
        },
      },
    },
    async (req) => {
      const a = req.actor;
      const { rows, total } = await engine.data.tasks.unroutableTasks({
        limit: req.query.limit,
        offset: req.query.offset,
        ...(worksEveryTask(a) ? {} : { groups: workGroups(a) }),
      });
      return {
        total,
        items: rows.map((r) => {
          const node = nodeOf(engine, r.process_id, r.process_version, r.node_id);
          return {
            id: r.id,
            instanceId: r.instance_id,
            processId: r.process_id,
            nodeId: r.node_id,
            nodeName: node?.name ?? null,
            businessKey: r.business_key,
            reference: r.reference,
            assignee: r.assignee,
            candidateGroups: r.candidate_groups,
            candidateUsers: r.candidate_users,
            createdAt: r.created_at.toISOString(),
          };
        }),
      };
    },
  );
}

function nodeOf(engine: Engine, processId: string, version: number, nodeId: string) {
  try {
    return engine.registry
      .process(processId, version)
      .definition.nodes.find((n) => n.id === nodeId);
  } catch {
    return undefined;
  }
}
