/**
 * Scenarios: a play saved beside its process (its actions, the path each step took, how it
 * ended), replayed in a fresh sandbox to check a new version still takes the same path. A
 * replay stops at the first step that could not be done or entered other nodes, and names it
 * in the designer's words with the JSON pointer of the expectation it broke.
 *
 * @example
 *   const scenario = scenarioOf(play, { name: 'approved' });
 *   const result = runScenario(ctx, subject, scenario); // { passed: true } after the same play
 */
import { createError, isCasewayError, type ErrorDetail, type Lang } from '../errors.ts';
import type { ScenarioAction, ScenarioDefinition, ScenarioEnd } from '../generated/index.ts';
import { textIn, toSimplified } from '../locale/index.ts';
import type { PlayContext } from './sandbox.ts';
import { newPlay, pathEntry, playAction } from './simulator.ts';
import type { PlayState, PlaySubject } from './types.ts';

/** The scenario a play makes: its actions and paths, and how it stands now. */
export function scenarioOf(
  play: PlayState,
  meta: Pick<ScenarioDefinition, 'name'> &
    Partial<Pick<ScenarioDefinition, 'title' | 'description'>>,
): ScenarioDefinition {
  return {
    name: meta.name,
    process: play.subject.process.id,
    ...(meta.title ? { title: meta.title } : {}),
    ...(meta.description ? { description: meta.description } : {}),
    start: new Date(play.startedAt).toISOString(),
    steps: play.steps.map((s) => ({ action: s.action, path: s.path })),
    end: endOf(play),
  };
}

/** How a play stands: the played case's status and outcome, and where its tokens wait. */
export function endOf(play: PlayState): ScenarioEnd {
  const root = play.instances[0];
  if (!root) return { status: 'active', waiting: [] };
  if (root.state.status !== 'active')
    return { status: root.state.status, outcome: root.state.outcome };
  return {
    status: 'active',
    waiting: play.instances
      .filter((i) => i.state.status === 'active')
      .flatMap((i) => i.state.tokens.map((t) => pathEntry(play, i.id, t.nodeId)))
      .sort(),
  };
}

export type ScenarioResult =
  | { passed: true }
  | {
      passed: false;
      /** The broken expectation, in the scenario file. */
      pointer: string;
      /** The step (0-based) where the run left the path; null when the end differs. */
      step: number | null;
      expected: unknown;
      actual: unknown;
      /** The error when the step could not be done at all. */
      error?: { code: string; message: string };
      message: string;
    };

/** Replays a scenario against a subject in a fresh sandbox. */
export function runScenario(
  ctx: PlayContext,
  subject: PlaySubject,
  scenario: ScenarioDefinition,
): ScenarioResult {
  const say = words(ctx.lang, subject, scenario);
  let play = newPlay(`scenario:${scenario.name}`, subject, Date.parse(scenario.start));
  for (const [i, step] of scenario.steps.entries()) {
    try {
      play = playAction(ctx, play, step.action);
    } catch (e) {
      if (!isCasewayError(e)) throw e;
      const error = { code: e.code, message: e.details[0]?.message ?? e.message };
      return {
        passed: false,
        pointer: `/steps/${i}/action`,
        step: i,
        expected: step.path,
        actual: null,
        error,
        message: say.failed(i, step.action, `${e.code}: ${error.message}`),
      };
    }
    const actual = play.steps.at(-1)!.path;
    const j = firstDifference(step.path, actual);
    if (j !== null)
      return {
        passed: false,
        pointer: `/steps/${i}/path/${j}`,
        step: i,
        expected: step.path[j] ?? null,
        actual: actual[j] ?? null,
        message: say.left(i, step.action, step.path[j], actual[j]),
      };
  }
  const end = endOf(play);
  const expected = scenario.end;
  const differs: [string, unknown, unknown] | null =
    expected.status !== end.status
      ? ['/end/status', expected.status, end.status]
      : end.status !== 'active'
        ? (expected.outcome ?? null) !== (end.outcome ?? null)
          ? ['/end/outcome', expected.outcome ?? null, end.outcome ?? null]
          : null
        : expected.waiting !== undefined &&
            firstDifference([...expected.waiting].sort(), end.waiting ?? []) !== null
          ? ['/end/waiting', expected.waiting, end.waiting]
          : null;
  if (differs)
    return {
      passed: false,
      pointer: differs[0],
      step: null,
      expected: differs[1],
      actual: differs[2],
      message: say.ended(differs[0], differs[1], differs[2]),
    };
  return { passed: true };
}

/**
 * Replays every scenario; refuses (CW_ERR_SCENARIO_FAILED, 422) with one detail per scenario
 * that failed, at its first broken expectation.
 */
export function checkScenarios(
  ctx: PlayContext,
  subject: PlaySubject,
  scenarios: readonly ScenarioDefinition[],
  fileOf: (s: ScenarioDefinition) => string,
): void {
  const details: ErrorDetail[] = [];
  const failures: Record<string, unknown>[] = [];
  for (const s of scenarios) {
    const r = runScenario(ctx, subject, s);
    if (r.passed) continue;
    details.push({
      code: 'CW_ERR_SCENARIO_FAILED',
      pointer: r.pointer,
      file: fileOf(s),
      message: r.message,
    });
    const { passed: _p, message: _m, ...rest } = r;
    failures.push({ scenario: s.name, ...rest });
  }
  if (details.length)
    throw createError('CW_ERR_SCENARIO_FAILED', undefined, { details, data: { failures } });
}

function firstDifference(expected: readonly string[], actual: readonly string[]): number | null {
  const n = Math.max(expected.length, actual.length);
  for (let j = 0; j < n; j++) if (expected[j] !== actual[j]) return j;
  return null;
}

/**
 * The failure sentences, in the designer's language, with nodes named by their labels. Written
 * in zh-Hant and en; in zh-Hans the sentence is converted, but not the values it quotes (an
 * engine error already in the designer's language, a variable's JSON).
 */
function words(lang: Lang, subject: PlaySubject, scenario: ScenarioDefinition) {
  const zh = lang !== 'en';
  const hans = (text: string) => (lang === 'zh-Hans' ? toSimplified(text) : text);
  const label = (entry: string | undefined) => {
    if (entry === undefined) return zh ? '（無）' : 'nothing more';
    const node = subject.process.nodes.find((n) => n.id === entry);
    const name = node?.name ? textIn(node.name, zh ? 'zh-Hant' : 'en', entry) : entry;
    return zh ? `「${name}」` : `"${name}"`;
  };
  const doing = (a: ScenarioAction): string => {
    switch (a.type) {
      case 'start':
        return zh ? '開始案件' : 'start the case';
      case 'completeTask':
        return zh ? `完成任務${label(a.node)}` : `complete task ${label(a.node)}`;
      case 'sendMessage':
        return zh ? `傳送訊息「${a.message}」` : `send message "${a.message}"`;
      case 'advanceClock':
        return a.by
          ? zh
            ? `時鐘前進 ${a.by}`
            : `move the clock by ${a.by}`
          : a.to
            ? zh
              ? `時鐘移至 ${a.to}`
              : `move the clock to ${a.to}`
            : zh
              ? '時鐘移至下一個時點'
              : `move the clock to the next ${a.next}`;
      case 'jobResult':
        return zh ? `提供${label(a.node)}的結果` : `give the result of ${label(a.node)}`;
      case 'jobFailed':
        return zh ? `使${label(a.node)}失敗` : `fail ${label(a.node)}`;
      case 'cancel':
        return zh ? '取消案件' : 'cancel the case';
    }
  };
  const name = zh ? `情境「${scenario.name}」` : `Scenario "${scenario.name}"`;
  const at = (i: number, a: ScenarioAction) =>
    zh ? `在第 ${i + 1} 步（${doing(a)}）` : `at step ${i + 1} (${doing(a)})`;
  return {
    failed: (i: number, a: ScenarioAction, error: string) =>
      zh
        ? `${hans(`${name}${at(i, a)}無法執行：`)}${error}`
        : `${name} could not go on ${at(i, a)}: ${error}`,
    left: (i: number, a: ScenarioAction, expected?: string, actual?: string) =>
      zh
        ? hans(
            `${name}${at(i, a)}偏離預期路徑：預期進入${label(expected)}，實際進入${label(actual)}。`,
          )
        : `${name} left its path ${at(i, a)}: expected to enter ${label(expected)}, the run entered ${label(actual)}.`,
    ended: (pointer: string, expected: unknown, actual: unknown) =>
      zh
        ? `${hans(`${name}的結束狀態不同（${pointer}）：預期`)} ${JSON.stringify(expected)}${hans('，實際')} ${JSON.stringify(actual)}。`
        : `${name} ended differently (${pointer}): expected ${JSON.stringify(expected)}, the run gave ${JSON.stringify(actual)}.`,
  };
}
