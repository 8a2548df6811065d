import type { Stats } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Whether a policy file could have been written by someone other than IT,
 * checked as sudo checks its sudoers file: the file, and every folder above
 * it (where it could be renamed away and replaced), must be owned by root and
 * writable by no group and no other user. A folder others may write is
 * accepted only with the sticky bit (/tmp): there only the owner of a name
 * may rename or delete it. Without this check, a kiosk user who could write
 * /etc/teamified-kiosk/policy.json could point ProviderBaseUrl, or
 * UpdateFeedUrl and UpdateSigningKeys, anywhere they like.
 */

const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;

/** Every folder above `path`, nearest first, up to the root. */
export function foldersAbove(path: string): string[] {
  const folders: string[] = [];
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    folders.push(folder);
    if (dirname(folder) === folder) return folders;
  }
}

/** The folders to check for `policyFile`: those above its path and, when it is a link, those above where it leads. */
export function foldersToCheck(policyFile: string, realPath: string): string[] {
  return [...new Set([...foldersAbove(policyFile), ...foldersAbove(realPath)])];
}

/** The first thing wrong with who may write the policy file (its stats) or a folder above it, or null. */
export function policyFileOwnershipProblem(policyFile: string, file: Stats, folders: readonly (readonly [string, Stats])[], trustedOwners: readonly number[]): string | null {
  const fileProblem = ownershipProblem(file, { policyFile }, trustedOwners);
  if (fileProblem) return fileProblem;
  for (const [folder, stats] of folders) {
    const problem = ownershipProblem(stats, { policyFile, folder }, trustedOwners);
    if (problem) return problem;
  }
  return null;
}

function ownershipProblem(stats: Stats, subject: { policyFile: string; folder?: string }, trustedOwners: readonly number[]): string | null {
  const what = subject.folder === undefined ? 'it' : `its folder ${subject.folder}`;
  const fix = subject.folder === undefined ? 'chown root:root and chmod 644 the file' : `chown root and chmod go-w ${subject.folder}`;
  if (!trustedOwners.includes(stats.uid)) {
    return `The policy file ${subject.policyFile} is not used: ${what} is owned by user id ${stats.uid}, not root, so someone other than IT could have written it. Ask IT to ${fix}.`;
  }
  const sharedButSticky = subject.folder !== undefined && (stats.mode & STICKY) !== 0;
  if ((stats.mode & GROUP_OR_OTHER_WRITE) !== 0 && !sharedButSticky) {
    const mode = (stats.mode & 0o7777).toString(8).padStart(4, '0');
    return `The policy file ${subject.policyFile} is not used: ${what} can be written by ${(stats.mode & 0o002) !== 0 ? 'any user' : 'its group'} (mode ${mode}), so someone other than IT could have written it. Ask IT to ${fix}.`;
  }
  return null;
}
