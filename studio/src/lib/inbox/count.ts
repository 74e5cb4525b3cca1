/**
 * How many tasks a list holds, as the inbox shows it: the engine counts up to a cap
 * (`GET /api/tasks` answers `total` and `totalCapped`), and a capped count reads "1,000+".
 */
export function taskCount(page: { total: number; totalCapped?: boolean }): string {
  return page.totalCapped ? `${page.total.toLocaleString('en')}+` : String(page.total);
}
