import { jobs, type JobRow, type Tx } from '../../store/index.ts';

/** Re-reads the job row; call it with the instance row locked, so the answer holds until commit. */
export const stillPending = (tx: Tx, job: JobRow) => jobs.jobStillPending(tx, job.id, job.attempt);
