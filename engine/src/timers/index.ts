export { JobQueue, redisOptions, type JobQueueOptions } from './job-queue.ts';
