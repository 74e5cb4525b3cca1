export { compileCalendar, NATURAL, type BusinessCalendar } from './calendar.ts';
export {
  formatLocalDate,
  isValidTimeZone,
  parseClock,
  parseLocalDate,
  type DayNumber,
} from './local-time.ts';
export {
  BREACH,
  ClockStatus,
  cancelClock,
  clockTimers,
  clockView,
  elapsedAt,
  fireThreshold,
  firingOrder,
  instantOf,
  pauseClock,
  reachedWhilePaused,
  resetClock,
  resumeClock,
  startClock,
  stopClock,
  thresholdMs,
  thresholdTimerId,
  type ClockState,
  type ClockTimer,
  type ClockView,
  type ThresholdFiring,
} from './clock.ts';
export { planSlaStep, thresholdEntry, thresholdsOf, type SlaStepPlan } from './plan.ts';
export {
  slaEvents,
  slaTransitions,
  targetOf,
  type ClockCause,
  type ClockChange,
  type SlaEvent,
  type SlaTransitionInput,
  type SlaTransitionResult,
} from './transitions.ts';
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
export {
  explainClock,
  nonWorkingDays,
  type ClockEventRow,
  type ClockExplanation,
  type ExplainedEvent,
  type NonWorkingDay,
} from './explain.ts';
