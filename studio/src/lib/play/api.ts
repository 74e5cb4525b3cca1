/**
 * Play mode over the engine's API: start a play of the draft being edited, move it, save it as
 * a scenario (docs/runtime.md, "Play mode and scenarios"). The types are what
 * `GET /api/plays/{id}` answers.
 */
import type { FormDefinition } from '@caseway/engine/types';
import { answerAs, type Answer, type Api, type Problem } from '$lib/api';

type Text = { 'zh-Hant': string; en: string };

/** A play as the engine answers it; its definition bodies typed as the studio reads them. */
type Played = Answer<'/api/plays/{id}', 'get'>;
type PlayedTask = Played['tasks'][number];

export type PlayTask = Omit<PlayedTask, 'form'> & {
  form: Omit<PlayedTask['form'], 'definition'> & { definition?: FormDefinition };
};
export type PlayJob = Played['jobs'][number];
export type PlayHistoryEntry = Played['history'][number];

export type PlayAction =
  | { type: 'start'; data: Record<string, unknown> }
  | {
      type: 'completeTask';
      taskId?: string;
      node?: string;
      process?: string;
      data: Record<string, unknown>;
    }
  | {
      type: 'sendMessage';
      message: string;
      correlationKey?: string;
      payload?: Record<string, unknown>;
    }
  | { type: 'advanceClock'; by?: string; to?: string; next?: 'timer' | 'sla' }
  | { type: 'jobResult'; jobId?: string; node?: string; process?: string; result: unknown }
  | { type: 'jobFailed'; jobId?: string; node?: string; process?: string; error: string }
  | { type: 'cancel'; reason?: string };

export type PlayStep = Omit<Played['steps'][number], 'action'> & { action: PlayAction };

export type PlayView = Omit<Played, 'startForm' | 'tasks' | 'steps'> & {
  startForm: FormDefinition | null;
  tasks: PlayTask[];
  steps: PlayStep[];
};

/** Starts a play of `body` (the definition on screen), its clock at `at` (default now). */
export const startPlay = (
  api: Api,
  req: {
    processId: string;
    body?: unknown;
    version?: number;
    at?: string;
    data?: Record<string, unknown>;
  },
) =>
  answerAs<PlayView>(
    api.post('/api/plays', {
      body: { ...req, body: req.body as Record<string, unknown> | undefined },
    }),
  );

export const playEvent = (api: Api, id: string, action: PlayAction) =>
  answerAs<PlayView>(api.post('/api/plays/{id}/events', { path: { id }, body: action as never }));

export const getPlay = (api: Api, id: string) =>
  answerAs<PlayView>(api.get('/api/plays/{id}', { path: { id } }));

export const endPlay = (api: Api, id: string) => api.delete('/api/plays/{id}', { path: { id } });

export const saveScenario = (
  api: Api,
  id: string,
  body: { name: string; title?: Text; overwrite?: boolean },
) => api.post('/api/plays/{id}/scenario', { path: { id }, body });

export type ScenarioSummary = Answer<'/api/scenarios/{processId}', 'get'>['items'][number];

export const listScenarios = (api: Api, processId: string) =>
  api.get('/api/scenarios/{processId}', { path: { processId } });
