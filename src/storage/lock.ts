// One writer per run folder. Two trainers on one folder (a terminal and a notebook, or two terminals) would write one
// run's weights beside the other's history; the second is refused with who holds the folder and since when.
//
// The lock is a small JSON file naming its holder (process id, host, start time, command). It is created atomically
// (written aside, then hard-linked into place, which fails if the name exists), and removed on release. A lock whose
// process is gone (on this host: no process with that id) was left by a killed trainer and is taken over.
// Written by hand rather than with proper-lockfile: see the README ("One writer per run folder").
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isRunning, temporaryName, writeFailure } from './atomic';

/** Who holds a lock; `token` tells one taking of it from another by the same process. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string; // ISO time the lock was taken
  command: string;
  token: string;
}

/** A lock this process holds. */
export interface WriterLock {
  readonly file: string;
  /** Throws if another process has taken the lock since (it can only do so when it found this one gone). */
  confirm(): void;
  /** Removes the lock, if it is still this one's. */
  release(): void;
}

/** Another live writer holds the lock. */
export class FolderLockedError extends Error {
  constructor(
    message: string,
    readonly holder: LockHolder,
  ) {
    super(message);
    this.name = 'FolderLockedError';
  }
}

/** Locks held by this process, so that a second fit on one folder in one process (a notebook) is refused too. */
const heldHere = new Set<string>();

/**
 * Takes the lock `lockFile` for `subject` (e.g. 'the run folder runs/vae'), taking over one left by a process that no
 * longer runs; throws a FolderLockedError that names the holder when a live one has it.
 */
export function takeWriterLock(lockFile: string, subject: string): WriterLock {
  const me: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    since: new Date().toISOString(),
    token: randomUUID(),
    command: ['node', path.relative(process.cwd(), process.argv[1] ?? ''), ...process.argv.slice(2)]
      .filter(Boolean)
      .join(' '),
  };
  lockFile = path.resolve(lockFile);
  // A few rounds: each one that fails saw the lock change hands in between, which a live writer stops quickly.
  for (let round = 0; round < 10; round++) {
    if (create(lockFile, me)) return held(lockFile, subject, me);
    const seen = readHolder(lockFile);
    if (seen === undefined) continue; // released meanwhile
    if (!isGone(seen) || heldHere.has(lockFile))
      throw new FolderLockedError(lockedMessage(lockFile, subject, seen), seen);
    takeOver(lockFile, seen);
  }
  throw new Error(
    `Could not take the lock ${lockFile}: it kept changing hands. Is another trainer starting on ${subject}?`,
  );
}

/** Creates the lock file with `holder` in it, unless it exists; fails if the folder cannot be written. */
function create(lockFile: string, holder: LockHolder): boolean {
  // Written aside first, so that no reader ever sees an empty lock; link() then fails if the name is taken. A lock
  // need not survive a power cut (its holder would not either), so nothing is flushed.
  const aside = temporaryName(lockFile);
  try {
    fs.writeFileSync(aside, JSON.stringify(holder, null, 2) + '\n');
  } catch (error) {
    fs.rmSync(aside, { force: true });
    throw writeFailure(lockFile, error);
  }
  try {
    fs.linkSync(aside, lockFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/** The holder named in `lockFile`, or undefined if there is no such file (any more). */
function readHolder(lockFile: string): LockHolder | undefined {
  let text: string;
  try {
    text = fs.readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as LockHolder;
  } catch {
    throw new Error(
      `${lockFile} is not a readable lock (${JSON.stringify(text.slice(0, 40))}...). If no trainer is ` +
        'using that folder, delete the file.',
    );
  }
}

/** A holder is gone when it ran on this host and no process has its id; one on another host cannot be checked. */
function isGone(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return false;
  return holder.pid === process.pid || !isRunning(holder.pid); // this process holds it only if heldHere says so
}

/**
 * Removes the stale lock `seen`. Two processes can find the same stale lock at once: each moves the lock aside under
 * its own name and checks that it moved `seen`; one that moved a fresh lock (taken meanwhile by the other) puts it back.
 */
function takeOver(lockFile: string, seen: LockHolder): void {
  const aside = temporaryName(`${lockFile}.stale`);
  try {
    fs.renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else moved it first
    throw error;
  }
  try {
    if (readHolder(aside)?.token !== seen.token) {
      try {
        fs.linkSync(aside, lockFile);
      } catch (error) {
        // EEXIST: a third writer took the name in this instant; the one whose lock was moved sees it in confirm().
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

function held(lockFile: string, subject: string, me: LockHolder): WriterLock {
  heldHere.add(lockFile);
  let released = false;
  return {
    file: lockFile,
    confirm() {
      const now = readHolder(lockFile);
      if (now?.token === me.token) return;
      throw new Error(
        `${subject} is no longer locked by this process: ` +
          (now ? `process ${now.pid} on ${now.host} took it over at ${now.since}` : `${lockFile} was deleted`) +
          '. Two writers would mix their checkpoints, so this one stops writing there.',
      );
    },
    release() {
      if (released) return;
      released = true;
      heldHere.delete(lockFile);
      if (readHolder(lockFile)?.token === me.token) fs.rmSync(lockFile, { force: true });
    },
  };
}

function lockedMessage(lockFile: string, subject: string, holder: LockHolder): string {
  const minutes = Math.round((Date.now() - Date.parse(holder.since)) / 60_000);
  const who =
    holder.pid === process.pid && holder.host === os.hostname()
      ? 'this very process (another fit on that folder has not ended)'
      : `process ${holder.pid} on ${holder.host} (\`${holder.command}\`)`;
  const ifGone =
    holder.host === os.hostname()
      ? `If process ${holder.pid} is not a genlab trainer (its number was reused after a restart), delete ${lockFile}.`
      : `If that process no longer runs (it is on another machine, so this one cannot check), delete ${lockFile}.`;
  return (
    `${subject} is being written by ${who} since ${holder.since} (${minutes} min ago). Two writers would mix ` +
    `their checkpoints, so this one stops and changes nothing. Wait for it to finish, or stop it (\`kill ${holder.pid}\` ` +
    `saves where it stands), then run again; or choose another run folder. ${ifGone}`
  );
}
