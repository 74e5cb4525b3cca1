/**
 * Sorts an SMTP failure into one the engine should retry and one it should not. RFC 5321:
 * a 4yz reply is transient (451 local error, 452 mailbox full for now, 421 service closing),
 * a 5yz reply permanent (550 mailbox unavailable, 553 bad address, 535 credentials refused),
 * except 503 (bad sequence: the session, not the message, was wrong). Without a reply, a lost
 * or refused connection is transient; a configuration the server cannot work with is not.
 *
 * @example
 *   catch (e) { throw smtpFailure(e); } // PermanentError for 550, a plain Error for 451
 */
import { PermanentError } from '@caseway/plugin-sdk';
import type { NodemailerError } from 'nodemailer';

/** Nodemailer codes (no SMTP reply) that no retry can fix: the settings must change. */
const PERMANENT_CODES = new Set(['ECONFIG', 'ENOAUTH', 'ETLS', 'EREQUIRETLS', 'EENVELOPE']);

export const isPermanentReply = (code: number): boolean => code >= 500 && code !== 503;

export function smtpFailure(e: unknown): Error {
  const err = e as NodemailerError;
  const reply = err.responseCode;
  // `SMTP 550 5.1.1 Mailbox unavailable`, or `SMTP ECONNREFUSED: connect ECONNREFUSED …`
  const message = err.response
    ? `SMTP ${err.response}`
    : `SMTP ${err.originalCode ?? err.code ?? 'failure'}: ${err.message}`;
  const permanent =
    reply !== undefined ? isPermanentReply(reply) : PERMANENT_CODES.has(err.code ?? '');
  // A transient failure is a fresh Error: nodemailer's own `permanent` flag stays on the cause.
  return permanent
    ? new PermanentError(message, { cause: err })
    : new Error(message, { cause: err });
}
