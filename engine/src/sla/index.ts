export {
  BREACH,
  clockTimers,
  clockView,
  elapsedAt,
  fireThreshold,
  firingOrder,
  moveDue,
  pauseClock,
  resumeClock,
  startClock,
  thresholdTimerId,
  type ClockState,
  type ClockTimer,
} from './clock.ts';
export { planSlaStep, thresholdEntry, thresholdsOf } from './plan.ts';
export { slaEvents, targetOf } from './transitions.ts';
export {
  actionMappings,
  actionsAt,
  needsSupervisors,
  recipientsOf,
  slaActionId,
  slaMessage,
  type ActionTask,
  type Recipient,
} from './actions.ts';
export { CLOCK_EVENT_TYPES, explainClock, type ClockEventRow } from './explain.ts';
export {
  calendarGap,
  knownUntil,
  RUNS_OUT_WARNING_MS,
  type CalendarGap,
  type ClockInstant,
} from './coverage.ts';
export { replayClock, type ClockReplay, type ClockVersions, type ReplayReason } from './replay.ts';
export {
  inferBasis,
  replayDueDate,
  replayTimer,
  timerGap,
  type TimerReplay,
} from './calendar-timers.ts';
