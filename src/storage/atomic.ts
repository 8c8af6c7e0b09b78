// The one way genlab replaces a file that must never be seen half-written (checkpoints, metrics.json, sample grids,
// results files): write a temporary file beside it, flush it, rename it over the old one, flush the folder. A crash at
// any moment leaves the old file or the new one; a failed write leaves the old one and no temporary file.
import * as fs from 'fs';
import * as path from 'path';

/** Temporary files are named after their destination and the writing process: checkpoint.bin.partial-1234. */
const TEMPORARY = /\.partial-(\d+)$/;
export const temporaryName = (file: string) => `${file}.partial-${process.pid}`;

/** What went wrong, in words, for the errors a disk gives. */
const FAILURES: Record<string, string> = {
  ENOSPC: 'no space is left on the device (the disk is full)',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'no permission to write there',
  EPERM: 'no permission to write there',
  EROFS: 'the file system is read-only',
  EIO: 'an input/output error (the disk or its connection may be failing)',
  ENOENT: 'its folder no longer exists',
};

/** What to do about each failure, for the messages that stop a run. */
const REMEDIES: Record<string, string> = {
  ENOSPC: 'Free some space on that disk',
  EDQUOT: 'Free some space within your quota',
  EACCES: 'Make the folder writable for this user',
  EPERM: 'Make the folder writable for this user',
  EROFS: 'Move the run folder to a writable disk (or remount this one read-write)',
  EIO: 'Check the disk (dmesg, smartctl) or move the run folder to another one',
};

/** A file could not be written. Unless `replaced`, the file still holds what it held before. */
export class WriteFailedError extends Error {
  /** @param failure what failed, in words ('no space is left on the device (the disk is full)'). */
  constructor(
    readonly file: string,
    readonly failure: string,
    readonly code: string | undefined,
    readonly replaced: boolean,
  ) {
    super(
      `Could not write ${file}${code ? ` (${code})` : ''}: ${failure}.` +
        (replaced
          ? ' The new file is in place but its folder could not be flushed, so a power cut could still lose it.'
          : ''),
    );
    this.name = 'WriteFailedError';
  }

  /** What to do about it, as a sentence without its full stop: 'Free some space on that disk'. */
  get remedy(): string {
    return REMEDIES[this.code ?? ''] ?? 'Fix the cause above';
  }
}

/** The WriteFailedError for `error` (an errno error, or any other) met while writing `file`. */
export function writeFailure(file: string, error: unknown, replaced = false): WriteFailedError {
  const code = (error as NodeJS.ErrnoException).code;
  const failure = FAILURES[code ?? ''] ?? (error instanceof Error ? error.message : String(error));
  return new WriteFailedError(file, failure, code, replaced);
}

/**
 * Replaces `file` with `parts` atomically and durably: readers (and a later resume) see either the old file or the
 * new one, never a mixture, and once this returns the new one survives a power cut. On failure it throws a
 * WriteFailedError, leaves the old file and removes the temporary one.
 */
export function writeAtomically(file: string, parts: Uint8Array[] | string): void {
  const folder = path.dirname(file);
  const temporary = temporaryName(file);
  try {
    fs.mkdirSync(folder, { recursive: true });
    const fd = fs.openSync(temporary, 'w');
    try {
      for (const part of typeof parts === 'string' ? [Buffer.from(parts, 'utf8')] : parts) writeAll(fd, part);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    removeQuietly(temporary);
    throw writeFailure(file, error);
  }
  try {
    syncFolder(folder);
  } catch (error) {
    throw writeFailure(file, error, true);
  }
}

/** Removes `file` if it exists; a failure here must not hide the failure being reported. */
function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // The disk refuses even this; the error being thrown says why.
  }
}

/** fs.writeSync may write fewer bytes than asked; the rest follows, or the disk's error. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length;) written += fs.writeSync(fd, bytes, written);
}

/** Makes a rename in `folder` durable: the rename is an entry in the folder, which has its own blocks to flush. */
function syncFolder(folder: string): void {
  const fd = fs.openSync(folder, 'r');
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    // Some file systems (a few network ones) cannot flush a folder and say so; there is nothing more to do there.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates `folder` (and its parents), with a WriteFailedError that says why when it cannot. */
export function makeFolder(folder: string): void {
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw writeFailure(folder, error);
  }
}

/** Removes the temporary files that processes no longer running left in `folder` (the files they were replacing are intact). */
export function removeTemporaryFiles(folder: string): void {
  for (const name of fs.readdirSync(folder)) {
    const writer = TEMPORARY.exec(name)?.[1];
    if (writer !== undefined && !isRunning(Number(writer))) fs.rmSync(path.join(folder, name), { force: true });
  }
}

/** Whether a process with id `pid` runs on this machine (one of another user counts). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
