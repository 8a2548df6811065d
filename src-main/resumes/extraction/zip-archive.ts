import yauzl from 'yauzl';
import type { ZipLimits } from './extraction-result';

/** One central-directory record, as the archive declares it (which may be a lie). */
export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
}

export type ZipDirectory =
  | { ok: true; entries: ZipEntryInfo[] }
  | { ok: false; problem: 'unreadable' | 'too_many_entries'; detail: string };

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function zipOptions(): yauzl.Options {
  // validateEntrySizes makes a stream fail as soon as an entry inflates past
  // its declared size: the second half of the zip-bomb defence.
  return { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false, autoClose: false };
}

/**
 * Reads only the central directory (no decompression), refusing archives
 * with more entries than `maxEntries` before reading any of them.
 */
export async function readZipDirectory(bytes: Uint8Array, maxEntries: number): Promise<ZipDirectory> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(asBuffer(bytes), zipOptions());
  } catch (error) {
    return { ok: false, problem: 'unreadable', detail: describe(error) };
  }
  try {
    if (zip.entryCount > maxEntries) {
      return { ok: false, problem: 'too_many_entries', detail: `${zip.entryCount} entries; the limit is ${maxEntries}` };
    }
    const entries: ZipEntryInfo[] = [];
    for await (const entry of zip.eachEntry()) {
      entries.push({
        name: entry.fileName,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        encrypted: entry.isEncrypted(),
      });
    }
    return { ok: true, entries };
  } catch (error) {
    return { ok: false, problem: 'unreadable', detail: describe(error) };
  } finally {
    zip.close();
  }
}

export type ZipBudgetVerdict = { ok: true; totalUncompressedBytes: number } | { ok: false; problem: 'bomb' | 'encrypted' | 'unreadable'; detail: string };

/** The declared sizes, judged before a single byte is inflated. */
export function checkDeclaredSizes(entries: ZipEntryInfo[], archiveBytes: number, limits: ZipLimits): ZipBudgetVerdict {
  if (entries.length > limits.maxEntries) {
    return { ok: false, problem: 'bomb', detail: `${entries.length} entries; the limit is ${limits.maxEntries}` };
  }
  let total = 0;
  for (const entry of entries) {
    if (entry.encrypted) return { ok: false, problem: 'encrypted', detail: `${entry.name} is encrypted` };
    total += entry.uncompressedSize;
    if (total > limits.maxTotalUncompressedBytes) {
      return { ok: false, problem: 'bomb', detail: `declared uncompressed size exceeds ${limits.maxTotalUncompressedBytes} bytes at ${entry.name}` };
    }
    if (entry.uncompressedSize >= limits.ratioCheckMinBytes && entry.uncompressedSize > limits.maxCompressionRatio * Math.max(1, entry.compressedSize)) {
      return {
        ok: false,
        problem: 'bomb',
        detail: `${entry.name} declares ${entry.uncompressedSize} bytes from ${entry.compressedSize} (more than ${limits.maxCompressionRatio}:1)`,
      };
    }
  }
  if (total >= limits.ratioCheckMinBytes && total > limits.maxCompressionRatio * Math.max(1, archiveBytes)) {
    return { ok: false, problem: 'bomb', detail: `${total} bytes declared from a ${archiveBytes}-byte archive` };
  }
  return { ok: true, totalUncompressedBytes: total };
}

/**
 * Inflates every entry and throws the bytes away, counting them: an archive
 * whose central directory understates its sizes fails here (yauzl stops a
 * stream at the first byte past the declared size), long before a reader
 * such as mammoth's JSZip would hold the whole expansion in memory.
 */
export async function verifyInflatedSizes(bytes: Uint8Array, limits: ZipLimits): Promise<ZipBudgetVerdict> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(asBuffer(bytes), zipOptions());
  } catch (error) {
    return { ok: false, problem: 'unreadable', detail: describe(error) };
  }
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.isEncrypted()) return { ok: false, problem: 'encrypted', detail: `${entry.fileName} is encrypted` };
      const stream = await zip.openReadStreamPromise(entry);
      try {
        for await (const chunk of stream) {
          total += (chunk as Buffer).byteLength;
          if (total > limits.maxTotalUncompressedBytes) {
            return { ok: false, problem: 'bomb', detail: `inflates past ${limits.maxTotalUncompressedBytes} bytes in ${entry.fileName}` };
          }
        }
      } finally {
        stream.destroy();
      }
    }
    return { ok: true, totalUncompressedBytes: total };
  } catch (error) {
    const detail = describe(error);
    // yauzl's words for an entry that inflates to more than it declared; one
    // that inflates to less is merely damaged.
    const lied = /too many bytes in the stream/i.test(detail);
    return { ok: false, problem: lied ? 'bomb' : 'unreadable', detail };
  } finally {
    zip.close();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
