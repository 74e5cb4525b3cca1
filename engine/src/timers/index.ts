export { JobQueue } from './job-queue.ts';
