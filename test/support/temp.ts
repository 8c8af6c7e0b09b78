// Temporary folders for tests, removed when the test file's tests end, passed or failed: a test run leaves
// nothing behind in the system's temporary directory (checkpoints of tiny runs add up to gigabytes).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder named genlab-`purpose`-XXXXXX under the system's temporary directory. */
export function tempDir(purpose: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `genlab-${purpose}-`));
  made.push(dir);
  return dir;
}
