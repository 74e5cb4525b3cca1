// The studio opens on the definitions browser (the layout has already checked the session).
import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

export const load: PageLoad = () => redirect(307, '/definitions');
