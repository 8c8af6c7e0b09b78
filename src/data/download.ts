// Downloads one file so that the destination either holds a complete, verified copy or does not exist:
// bytes go to a temporary file beside it, are checked, and only then renamed into place (atomic on one filesystem).
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';

/**
 * Fetches `url` into `destination`, calling `verify` on the downloaded bytes before the rename.
 * Any failure (no network, HTTP error, dropped connection, failed check) leaves no file behind and is rethrown.
 */
export async function downloadVerified(
  url: string,
  destination: string,
  verify: (bytes: Uint8Array) => void,
): Promise<void> {
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  const partial = `${destination}.${process.pid}.partial`;
  try {
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    await pipeline(
      Readable.fromWeb(response.body as import('stream/web').ReadableStream),
      fs.createWriteStream(partial),
    );
    verify(new Uint8Array(fs.readFileSync(partial)));
    fs.renameSync(partial, destination);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}
