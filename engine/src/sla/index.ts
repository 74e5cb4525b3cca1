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
  instantOf,
  pauseClock,
  reachedWhilePaused,
  resetClock,
  resumeClock,
  startClock,
  stopClock,
  thresholdMs,
  type ClockState,
  type ClockTimer,
  type ClockView,
} from './clock.ts';
export {
  slaEvents,
  slaTransitions,
  targetOf,
  type ClockChange,
  type SlaEvent,
  type SlaTransitionInput,
  type SlaTransitionResult,
} from './transitions.ts';
