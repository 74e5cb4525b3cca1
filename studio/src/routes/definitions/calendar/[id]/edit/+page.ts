/** A calendar to edit: its draft, else its latest version, else a new Monday-to-Friday calendar. */
import type { CalendarDefinition } from '@caseway/engine/types';
import { failLoad } from '$lib/api';
import { loadEditorStart } from '$lib/versions/draft-load';
import type { PageLoad } from './$types';

function emptyCalendar(id: string): CalendarDefinition {
  const day = [{ from: '09:00', to: '18:00' }];
  return {
    id,
    version: 1,
    name: { 'zh-Hant': id, en: id },
    timeZone: 'Asia/Shanghai',
    workingHours: { mon: day, tue: day, wed: day, thu: day, fri: day },
  };
}

export const load: PageLoad = async ({ fetch, params, url }) => {
  try {
    return {
      ...(await loadEditorStart<CalendarDefinition>(fetch, 'calendar', params.id, emptyCalendar)),
      month: url.searchParams.get('month') ?? undefined,
    };
  } catch (e) {
    failLoad(e, url);
  }
};
