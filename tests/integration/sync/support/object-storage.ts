import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { queryRows } from '../../../../src-main/sync/hosted-db/pg-client';
import { setObjectStorage } from '../../../../src-main/sync/hosted-db/storage-admin';
import type { S3StandIn } from '../../../support/s3-stand-in';

/** The test's own S3 client (the AWS SDK), straight to s3rver: it creates buckets and reads or tampers with objects. */
export function s3Client(s3: S3StandIn): S3Client {
  return new S3Client({
    endpoint: s3.directEndpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}

/**
 * A new bucket, set as the hosted database's object storage through IT's
 * admin function. Parts as small as partBytes so a test file spans
 * several (the product's default is 8 MiB).
 */
export async function storeFilesInBucket(url: string, s3: S3StandIn, partBytes: number): Promise<{ bucket: string; client: S3Client }> {
  const bucket = `kiosk-${randomBytes(4).toString('hex')}`;
  const client = s3Client(s3);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await setObjectStorage(url, { endpoint: s3.endpoint, region: s3.region, bucket, pathStyle: true, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
  await queryRows(url, 'UPDATE sync.object_storage SET part_bytes = $1', [partBytes]);
  return { bucket, client };
}

export async function readObject(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await answer.Body!.transformToByteArray());
}

export async function writeObject(client: S3Client, bucket: string, key: string, bytes: Buffer): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
}
