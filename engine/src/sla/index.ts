export { compileCalendar, NATURAL, type BusinessCalendar } from './calendar.ts';
export {
  formatLocalDate,
  isValidTimeZone,
  parseClock,
  parseLocalDate,
  type DayNumber,
} from './local-time.ts';
