/**
 * Warnings about business errors thrown by error end events (`errorEnd`) that nothing catches:
 * at a call activity, each code its called process can end with that no error boundary on the
 * call names (and no catch-all takes), which would stop the caller with an incident; at an error
 * end of a process no call activity calls, the code itself, since a case started on its own just
 * ends with it. Warnings (`severity: 'warning'`): the designer may mean the incident.
 *
 * @example
 *   lintThrownErrors(claim, scope);
 *   // [{ code: 'CW_ERR_DEF_ERROR_NOT_CAUGHT', pointer: '/nodes/4', severity: 'warning',
 *   //    key: 'lint.errorNotCaught', params: { process: 'payment', code: 'ACCOUNT_CLOSED', … } }]
 */
import type { ErrorDetail } from '../errors.ts';
import type { ErrorEndNode, ProcessDefinition } from '../generated/index.ts';
import type { LintScope } from './lint.ts';
import { lintMessage, type LintKey, type LintParams } from './lint-messages.ts';

/** What the check reads: the bodies of the processes call activities call. */
export type ThrownScope = Pick<LintScope, 'starters'> & {
  processBodies: ReadonlyMap<string, ReadonlyMap<number, ProcessDefinition>>;
};

/**
 * The error ends whose error leaves the process (to the call activity that called it): those
 * no embedded subprocess around them catches with an error boundary.
 */
export function escapingErrors(def: ProcessDefinition): ErrorEndNode[] {
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const caughtAround = (e: ErrorEndNode): boolean => {
    const seen = new Set<string>();
    for (let p = e.parent; p !== undefined && !seen.has(p);) {
      seen.add(p);
      const scope = p;
      if (
        def.nodes.some(
          (b) =>
            b.type === 'boundaryError' &&
            b.attachedTo === scope &&
            (b.errorCode === undefined || b.errorCode === e.errorCode),
        )
      )
        return true;
      const host = byId.get(p);
      p =
        host &&
        host.type !== 'boundaryTimer' &&
        host.type !== 'boundaryError' &&
        host.type !== 'boundaryMessage'
          ? host.parent
          : undefined;
    }
    return false;
  };
  return def.nodes.filter((n): n is ErrorEndNode => n.type === 'errorEnd' && !caughtAround(n));
}

export function lintThrownErrors(def: ProcessDefinition, scope: ThrownScope): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const add = (pointer: string, key: LintKey, params: LintParams) =>
    out.push({
      code: 'CW_ERR_DEF_ERROR_NOT_CAUGHT',
      pointer,
      message: lintMessage(key, params),
      severity: 'warning',
      key,
      params: { ...params },
    });
  def.nodes.forEach((n, i) => {
    if (n.type !== 'callActivity') return;
    const versions = scope.processBodies.get(n.process.id);
    const child =
      n.process.version !== undefined
        ? versions?.get(n.process.version)
        : versions && versions.get(Math.max(...versions.keys()));
    if (!child) return; // an unknown process is lintProcess's error
    const boundaries = def.nodes.filter((b) => b.type === 'boundaryError' && b.attachedTo === n.id);
    if (boundaries.some((b) => b.type === 'boundaryError' && b.errorCode === undefined)) return;
    const caught = new Set(boundaries.map((b) => (b.type === 'boundaryError' ? b.errorCode : '')));
    const reported = new Set<string>();
    for (const e of escapingErrors(child)) {
      if (caught.has(e.errorCode) || reported.has(e.errorCode)) continue;
      reported.add(e.errorCode);
      add(`/nodes/${i}`, 'lint.errorNotCaught', {
        process: child.id,
        code: e.errorCode,
        thrower: e.id,
      });
    }
  });
  const callers = (scope.starters?.get(def.id) ?? []).filter((s) => !s.by.startsWith('sla '));
  if (!callers.length) {
    const escaping = new Set(escapingErrors(def));
    def.nodes.forEach((n, i) => {
      if (n.type === 'errorEnd' && escaping.has(n))
        add(`/nodes/${i}/errorCode`, 'lint.errorNoCaller', { code: n.errorCode });
    });
  }
  return out;
}
