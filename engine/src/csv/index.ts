export { csvText, toCsv } from './csv.ts';
