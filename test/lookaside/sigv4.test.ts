import { describe, expect, it } from 'vitest';
import { sha256Hex, signV4, uriEncode } from '../../src/lookaside/sigv4.js';

const EMPTY = sha256Hex('');
const DATE_2015 = new Date('2015-08-30T12:36:00Z');
const DATE_2013 = new Date('2013-05-24T00:00:00Z');
const S3_EXAMPLE = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 's3' };

describe('signV4', () => {
  it("matches the AWS SigV4 test suite's get-vanilla vector", () => {
    const s = signV4({
      method: 'GET',
      url: new URL('https://example.amazonaws.com/'),
      headers: {},
      payloadHash: EMPTY,
      region: 'us-east-1',
      service: 'service',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      date: DATE_2015,
    });
    expect(s.canonicalRequest).toBe(`GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n${EMPTY}`);
    expect(s.stringToSign).toBe('AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63');
    expect(s.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it("matches the S3 docs' GET Object example (range header, x-amz-content-sha256)", () => {
    const s = signV4({ ...S3_EXAMPLE, method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), headers: { Range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY }, payloadHash: EMPTY, date: DATE_2013 });
    expect(s.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(s.headers['x-amz-date']).toBe('20130524T000000Z');
  });

  it("matches the S3 docs' PUT Object example (a key with '$' encoded once)", () => {
    const body = 'Welcome to Amazon S3.';
    const url = new URL(`https://examplebucket.s3.amazonaws.com/${uriEncode('test$file.text')}`);
    expect(url.pathname).toBe('/test%24file.text');
    const s = signV4({
      ...S3_EXAMPLE,
      method: 'PUT',
      url,
      headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY', 'x-amz-content-sha256': sha256Hex(body) },
      payloadHash: sha256Hex(body),
      date: DATE_2013,
    });
    expect(s.signature).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });
});
