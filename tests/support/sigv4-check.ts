import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks a presigned request the way S3 does (AWS, "Authenticating
 * Requests: Using Query Parameters (AWS Signature Version 4)"), written
 * from that page for the S3 stand-in: s3rver 3.7 does not check a V4
 * signature at all (lib/middleware/authentication.js: "Signature version 4
 * calculation is unimplemeneted"). Answers S3's error, or null when S3 would
 * let the request through.
 */

export interface S3Refusal {
  status: number;
  code: string;
  message: string;
}

export interface PresignedRequest {
  method: string;
  /** The Host header as sent. */
  host: string;
  /** The path as sent (already URI-encoded). */
  path: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
}

export interface Credentials {
  region: string;
  secretFor(accessKeyId: string): string | undefined;
}

/** RFC 3986 unreserved characters kept, the rest %XX upper-case: SigV4's UriEncode. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function signingKey(secret: string, day: string, region: string): Buffer {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
}

/** The signature S3 computes for this request: canonical request, string to sign, HMAC with the derived key. */
export function expectedSignature(request: PresignedRequest, secret: string): string {
  const query = [...request.query.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const signed = (request.query.get('X-Amz-SignedHeaders') ?? '').split(';');
  const headers = signed.map((name) => `${name}:${(name === 'host' ? request.host : request.headers[name] ?? '').trim()}\n`).join('');
  const canonical = [request.method, request.path, query, headers, signed.join(';'), 'UNSIGNED-PAYLOAD'].join('\n');
  const date = request.query.get('X-Amz-Date') ?? '';
  const scope = (request.query.get('X-Amz-Credential') ?? '').split('/').slice(1).join('/');
  const toSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonical, 'utf8').digest('hex')].join('\n');
  return createHmac('sha256', signingKey(secret, date.slice(0, 8), scope.split('/')[1] ?? '')).update(toSign, 'utf8').digest('hex');
}

/*
 * Every rule below is from AWS's "Authenticating Requests: Using Query
 * Parameters (AWS Signature Version 4)" (the Amazon S3 API Reference),
 * named QP in the comments, except where another page is named; the error
 * codes are those of the S3 API Reference's "Error responses" list.
 */
export function checkPresigned(request: PresignedRequest, body: Buffer, credentials: Credentials, now: Date): S3Refusal | null {
  const q = request.query;
  // S3 User Guide, "Blocking public access": a private bucket answers an unsigned (anonymous) request AccessDenied.
  if (!q.has('X-Amz-Algorithm')) return { status: 403, code: 'AccessDenied', message: 'Access Denied' };
  // QP, the query parameters table: each of these is required.
  for (const name of ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature']) {
    if (!q.has(name)) return { status: 400, code: 'AuthorizationQueryParametersError', message: `${name} is missing.` };
  }
  // QP, X-Amz-Algorithm: "AWS4-HMAC-SHA256" is the only value for SigV4.
  if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return { status: 400, code: 'AuthorizationQueryParametersError', message: 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"' };
  const expiresText = q.get('X-Amz-Expires') ?? '';
  const expires = /^\d+$/.test(expiresText) ? Number(expiresText) : Number.NaN;
  // QP, X-Amz-Expires: a number of seconds, "Minimum value of 1. Maximum value of 604800 (seven days)."
  if (!Number.isInteger(expires) || expires < 1 || expires > 604_800) {
    return { status: 400, code: 'AuthorizationQueryParametersError', message: 'X-Amz-Expires must be 1 to 604800 seconds.' };
  }
  const [accessKeyId = '', day = '', region = '', service = '', terminal = ''] = (q.get('X-Amz-Credential') ?? '').split('/');
  const secret = credentials.secretFor(accessKeyId);
  // S3 API Reference, "Error responses": an access key S3 does not know is InvalidAccessKeyId.
  if (secret === undefined) return { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(q.get('X-Amz-Date') ?? '');
  // QP, X-Amz-Date in ISO 8601 basic format (YYYYMMDD'T'HHMMSS'Z'); X-Amz-Credential is
  // <key>/<YYYYMMDD of that date>/<region>/s3/aws4_request, the region being the bucket's.
  const signedAt = date ? Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]), Number(date[4]), Number(date[5]), Number(date[6])) : Number.NaN;
  // A date that is no real moment (month 13, hour 25) would roll over in Date.UTC; it is malformed.
  const realDate = date !== null && Number.isFinite(signedAt) && new Date(signedAt).toISOString().replace(/[-:]|\.\d{3}/g, '') === date[0];
  if (!realDate || day !== date.slice(1, 4).join('') || region !== credentials.region || service !== 's3' || terminal !== 'aws4_request') {
    return { status: 400, code: 'AuthorizationQueryParametersError', message: 'Error parsing the X-Amz-Credential parameter.' };
  }
  // QP, X-Amz-Expires: "the period of time for which the generated presigned URL is valid", from X-Amz-Date.
  if (now.getTime() > signedAt + expires * 1000) return { status: 403, code: 'AccessDenied', message: 'Request has expired' };
  // QP, X-Amz-SignedHeaders: "For Amazon S3 ... you must include the host header".
  if (!(q.get('X-Amz-SignedHeaders') ?? '').split(';').includes('host')) {
    return { status: 400, code: 'AuthorizationQueryParametersError', message: 'X-Amz-SignedHeaders must include host.' };
  }
  const given = Buffer.from(q.get('X-Amz-Signature') ?? '', 'utf8');
  const wanted = Buffer.from(expectedSignature(request, secret), 'utf8');
  // QP, X-Amz-Signature: S3 computes the signature from the request as received and compares.
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return { status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  }
  // S3 API Reference, PutObject, Content-MD5: a body whose MD5 differs is refused (BadDigest).
  const md5 = request.headers['content-md5'];
  if (md5 !== undefined && createHash('md5').update(body).digest('base64') !== md5) {
    return { status: 400, code: 'BadDigest', message: 'The Content-MD5 you specified did not match what we received.' };
  }
  return null;
}
