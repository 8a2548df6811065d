import { execFile } from 'node:child_process';

/** What a program printed, and how it exited (0 for success). */
export interface CommandResult {
  stdout: string;
  exitCode: number;
}

/** Runs a program and resolves with its output whatever its exit code; rejects when it could not be run at all. */
export type RunCommand = (file: string, args: readonly string[]) => Promise<CommandResult>;

/** A process list or a hardware query answers in well under a second; a program still running after this is stuck. */
export const COMMAND_TIMEOUT_MS = 5_000;

/** A few thousand processes take a few hundred kilobytes; more than this is not a process list. */
export const COMMAND_MAX_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * The kiosk watch's only way to run a program: execFile with the program
 * and its arguments as given, never through a shell, with a time limit and
 * a cap on what it may print, and no console window on Windows. A non-zero
 * exit is an answer (systemd-detect-virt says "none" that way); a program
 * that is missing, is killed at the time limit or prints too much rejects,
 * with the command in the message.
 */
export const runCommand: RunCommand = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { timeout: COMMAND_TIMEOUT_MS, maxBuffer: COMMAND_MAX_BUFFER_BYTES, windowsHide: true, shell: false, encoding: 'utf8' },
      (error, stdout) => {
        if (!error) return resolve({ stdout, exitCode: 0 });
        if (typeof error.code === 'number' && !error.killed && !error.signal) return resolve({ stdout, exitCode: error.code });
        const why = error.killed ? `was stopped after ${COMMAND_TIMEOUT_MS / 1000} s or ${COMMAND_MAX_BUFFER_BYTES / 1024 / 1024} MB of output` : error.message;
        reject(new Error(`\`${[file, ...args].join(' ')}\` could not be run: ${why}`, { cause: error }));
      },
    );
  });
