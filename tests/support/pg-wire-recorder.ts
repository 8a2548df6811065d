import { connect, createServer, type Socket } from 'node:net';

/**
 * A plain-TCP proxy on loopback in front of PostgreSQL that reads what a
 * client sends (PostgreSQL's frontend/backend protocol, "Message Formats"
 * in its docs) and keeps the parts a transaction pooler cares about: the
 * startup message's parameters, and every Parse (named or unnamed
 * statement) and simple Query. Like PgBouncer it refuses a startup
 * parameter it does not know: PgBouncer answers "unsupported startup
 * parameter" (SQLSTATE 08P01) for anything but the parameters it tracks
 * (include/varcache.h: DateStyle, client_encoding, TimeZone,
 * standard_conforming_strings, application_name), user, database,
 * replication and `options`, unless IT lists it in ignore_startup_parameters.
 * Nothing here decrypts TLS: use it on a plain loopback endpoint.
 */
export const POOLER_STARTUP_PARAMETERS = ['user', 'database', 'options', 'replication', 'application_name', 'client_encoding', 'DateStyle', 'TimeZone', 'standard_conforming_strings'];

export interface WireRecord {
  /** Each connection's startup parameters (the password is never among them: it comes later, in its own message). */
  startups: Record<string, string>[];
  /** Names of the statements Parse messages prepared ('' = unnamed). */
  statementNames: string[];
  /** The SQL of every Parse and simple Query, in order. */
  statements: string[];
}

export interface PgWireRecorder {
  readonly port: number;
  readonly record: WireRecord;
  close(): Promise<void>;
}

const PROTOCOL_3 = 196608;

export async function startPgWireRecorder(targetPort: number): Promise<PgWireRecorder> {
  const record: WireRecord = { startups: [], statementNames: [], statements: [] };
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    let buffered = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (!started) {
          if (buffered.length < 8) return;
          const length = buffered.readInt32BE(0);
          if (buffered.length < length) return;
          const message = buffered.subarray(0, length);
          buffered = buffered.subarray(length);
          if (message.readInt32BE(4) !== PROTOCOL_3) {
            // An SSLRequest or GSSENCRequest: this recorder speaks no TLS.
            client.end(Buffer.from('N'));
            return;
          }
          const parameters = startupParameters(message.subarray(8));
          record.startups.push(parameters);
          const unsupported = Object.keys(parameters).find((name) => !POOLER_STARTUP_PARAMETERS.includes(name));
          if (unsupported) {
            client.end(fatal('08P01', `unsupported startup parameter: ${unsupported}`));
            return;
          }
          started = true;
          upstream.write(message);
          continue;
        }
        if (buffered.length < 5) return;
        const length = buffered.readInt32BE(1) + 1;
        if (buffered.length < length) return;
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        noteMessage(message, record);
        upstream.write(message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    record,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function cstrings(body: Buffer): string[] {
  return body.toString('utf8').split('\0');
}

function startupParameters(body: Buffer): Record<string, string> {
  const parts = cstrings(body);
  const parameters: Record<string, string> = {};
  for (let index = 0; index + 1 < parts.length && parts[index] !== ''; index += 2) parameters[parts[index]!] = parts[index + 1]!;
  return parameters;
}

function noteMessage(message: Buffer, record: WireRecord): void {
  const type = String.fromCharCode(message[0]!);
  const body = message.subarray(5);
  if (type === 'P') {
    const [name = '', sql = ''] = cstrings(body);
    record.statementNames.push(name);
    record.statements.push(sql);
  } else if (type === 'Q') {
    record.statements.push(cstrings(body)[0] ?? '');
  }
}

/** An ErrorResponse with severity FATAL, as a pooler sends before closing. */
function fatal(code: string, text: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${text}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}
