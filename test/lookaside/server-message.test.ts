import { describe, expect, it } from 'vitest';
import { adviceFor } from '../../src/lookaside/http-failure.js';
import { serverMessage } from '../../src/lookaside/server-message.js';

describe('serverMessage: what a server said, whatever the body shape', () => {
  it("S3's XML error: Code and Message, not the <?xml line", () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>lookaside</BucketName><RequestId>tx1</RequestId></Error>';
    expect(serverMessage(xml)).toBe('NoSuchBucket: The specified bucket does not exist');
    expect(serverMessage('<Error><Code>PreconditionFailed</Code></Error>')).toBe('PreconditionFailed');
  });

  it("Apache's HTML page: title and first paragraph (entities decoded, whitespace folded), not <!DOCTYPE", () => {
    const html = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n<h1>Forbidden</h1>\n<p>You don&#x27;t have permission to access this resource.</p>\n</body></html>';
    expect(serverMessage(html)).toBe("403 Forbidden: You don't have permission to access this resource.");
    expect(serverMessage('<html><body><h1>Bad Gateway</h1></body></html>')).toBe('Bad Gateway');
  });

  it("text: the first non-empty line, capped", () => {
    expect(serverMessage('\n\nModule "rpms/lz4" does not exist!\n')).toBe('Module "rpms/lz4" does not exist!');
    expect(serverMessage('x'.repeat(500))).toHaveLength(240);
    expect(serverMessage('')).toBe('');
  });
});

describe('adviceFor: next step per status', () => {
  it.each([
    [400, 'Required checksum is not present', 'lookaside-incompatible', /takes sha512/],
    [400, 'SHA512 check failed. Received a instead of b.', 'lookaside-failed', /damaged on the way/],
    [400, 'Required field "name" is not present.', 'lookaside-failed', /retrying will not help/],
    [401, '', 'lookaside-denied', /credentials/],
    [403, 'You must connect with a valid certificate', 'lookaside-denied', /credentials/],
    [403, 'RequestTimeTooSkewed: The difference between the request time and the current time is too large.', 'lookaside-denied', /clock/],
    [404, 'Module "rpms/lz4" does not exist!', 'lookaside-incompatible', /knows no package rpms\/lz4/],
    [404, 'NoSuchBucket: The specified bucket does not exist', 'lookaside-incompatible', /bucket does not exist/],
    [404, '404 Not Found', 'lookaside-failed', /nothing answers there/],
    [406, 'Uploads with md5 are no longer allowed.', 'lookaside-incompatible', /md5/],
    [413, '', 'lookaside-failed', /too large|this large/],
    [500, '', 'lookaside-failed', /retry later/],
    [503, '', 'lookaside-failed', /retry later/],
    [429, '', 'lookaside-failed', /retry later/],
  ])('%i %s → %s', (status, said, code, next) => {
    const a = adviceFor(status, said);
    expect(a.code).toBe(code);
    expect(a.next).toMatch(next);
    if (status < 500 && status !== 429) expect(a.next).not.toMatch(/retry later/);
  });
});
