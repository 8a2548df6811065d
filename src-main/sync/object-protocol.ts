import { z } from 'zod';

/**
 * The replies of the object-storage functions (docs/sync.md, "Files in
 * object storage"; migrations/postgres/functions/72_object_files.sql),
 * checked before anything acts on them. The URLs carry a signature: they
 * are used, never logged or shown.
 */

const count = z.coerce.number().int().min(0);
/** Only https, or plain http to this computer (a local MinIO); checked again where it is used. */
const signedUrl = z.string().regex(/^https?:\/\/\S+$/);

export const fileStorageReplySchema = z.discriminatedUnion('store', [
  z.object({ store: z.literal('postgres') }),
  z.object({ store: z.literal('objects'), partBytes: z.number().int().min(1) }),
]);
export type FileStorageReply = z.infer<typeof fileStorageReplySchema>;

export const objectUploadReplySchema = z.object({
  complete: z.boolean(),
  /** The part size the server recorded the file's parts with (null for a file it has complete in Postgres); absent from servers before it was added. */
  partBytes: z.number().int().min(1).nullable().optional(),
  parts: z.array(z.object({ number: z.number().int().min(1), url: signedUrl })),
});
export type ObjectUploadReply = z.infer<typeof objectUploadReplySchema>;

export const objectPartReplySchema = z.object({ received: count, complete: z.boolean() });
export type ObjectPartReply = z.infer<typeof objectPartReplySchema>;

export const objectDownloadReplySchema = z.discriminatedUnion('store', [
  z.object({ store: z.null() }),
  z.object({ store: z.literal('postgres'), size: count }),
  z.object({ store: z.literal('objects'), size: count, parts: z.array(z.object({ url: signedUrl, size: count })) }),
]);
export type ObjectDownloadReply = z.infer<typeof objectDownloadReplySchema>;
