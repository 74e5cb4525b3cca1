/**
 * The people work can be given to, for those who give it: designers picking a user task's
 * assignee and candidates, supervisors reassigning, administrators. Names and groups only (no
 * roles, no sign-in details).
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';

const user = {
  type: 'object',
  required: ['id', 'displayName', 'groups', 'disabled'],
  properties: {
    id: { type: 'string' },
    displayName: { type: 'string' },
    groups: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'boolean' },
  },
} as const;
const group = {
  type: 'object',
  required: ['id', 'name', 'members'],
  properties: {
    id: { type: 'string' },
    name: {
      type: ['object', 'null'],
      description: 'The group’s name in each language (null: none given).',
      properties: { 'zh-Hant': { type: 'string' }, en: { type: 'string' } },
      additionalProperties: { type: 'string' },
    },
    members: { type: 'integer', description: 'Enabled users in the group.' },
  },
} as const;

export async function directoryRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get(
    '/directory',
    {
      // who gives work: designers (assignments), supervisors (reassigning), administrators
      config: { auth: { duties: ['design', 'oversee'] } },
      schema: {
        tags: ['users'],
        summary:
          'Every user (name, groups, disabled) and every group (its names and how many enabled users are in it, groups named only by users included): what assignees and candidates are picked from.',
        response: {
          200: {
            type: 'object',
            required: ['users', 'groups'],
            properties: {
              users: { type: 'array', items: user },
              groups: { type: 'array', items: group },
            },
          },
        },
      },
    },
    async () => engine.data.identity.directory(),
  );
}
