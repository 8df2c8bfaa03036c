const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * ISO 8601 with offset ('2020-11-15T22:10:31+01:00', git's %aI) → RFC 2822 as
 * git format-patch writes it ('Sun, 15 Nov 2020 22:10:31 +0100'), keeping the
 * author's own time zone.
 */
export function isoToRfc2822(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:?\d{2})$/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, h, mi, s, zone] = m as unknown as string[];
  const wall = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const offset = zone === 'Z' ? '+0000' : (zone ?? '+0000').replace(':', '');
  return `${DAYS[wall.getUTCDay()]}, ${Number(d)} ${MONTHS[Number(mo) - 1]} ${y} ${h}:${mi}:${s} ${offset}`;
}
