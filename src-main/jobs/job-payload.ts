import { PermanentJobError } from './job-runner';
import type { JobRecord } from '../repositories/job-repository';

/** A string the job was queued with; a payload without it is a bug no retry fixes, so the job fails for good. */
export function payloadString(job: JobRecord, name: string): string {
  const value = job.payload[name];
  if (typeof value !== 'string') throw new PermanentJobError(`The job's payload has no ${name}.`);
  return value;
}
