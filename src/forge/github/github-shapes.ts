import type { CheckRunUpdate } from '../types.js';

const MAX_TEXT = 60_000;

/** Check-run request fields shared by create and update; GitHub caps output text at 65535 chars. */
export function checkRunBody(u: CheckRunUpdate) {
  return {
    status: u.status,
    ...(u.conclusion ? { conclusion: u.conclusion } : {}),
    ...(u.detailsUrl ? { details_url: u.detailsUrl } : {}),
    ...(u.externalId ? { external_id: u.externalId } : {}),
    ...(u.title !== undefined ? { output: { title: u.title.slice(0, 1000), summary: (u.summary ?? '').slice(0, MAX_TEXT) } } : {}),
  };
}
