/**
 * Every file the command line writes goes through writeFileAtomic: the bytes go to a temporary file in
 * the target's own folder (so the rename below never crosses a file system), are flushed to the disk
 * (fsync), and only then is the temporary file renamed over the target, which is atomic on POSIX file
 * systems and on NTFS. On any failure (a full disk, a folder without write permission, an interruption)
 * the target is untouched and the temporary file is removed: a reader sees the old file or the complete
 * new one, never a partial one. bin.ts removes the temporary files still pending when the process is
 * interrupted (Ctrl+C, SIGTERM) before it exits.
 */
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';

/** Bytes written per call: small enough that an interruption is seen between chunks. */
const CHUNK = 1 << 20;

const pending = new Set<string>();

/** The temporary files being written now (removed when the process is interrupted). */
export function pendingTemporaryFiles(): string[] {
  return [...pending];
}

/** Removes every temporary file still being written (synchronously: called from a signal handler). */
export function removePendingTemporaryFiles(): void {
  for (const temp of pending) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // nothing more can be done while exiting; the name marks it as Watt's (.NAME.watt-*.tmp)
    }
  }
  pending.clear();
}

/** A failure to write, in words (the disk is full, permission denied...), without Node's error codes. */
export function writeFailureText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is exhausted';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EBUSY':
      return 'it is in use (open in another program, such as Excel?)';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOENT':
      return 'its folder does not exist';
    case 'ENOTDIR':
      return 'a part of its path is not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'EIO':
      return 'the disk reported an input/output error';
    default:
      return e instanceof Error ? e.message.replace(/^[A-Z]+: /, '') : String(e);
  }
}

/** Writes `data` to `target` atomically (see above). Throws the underlying error; the target is then untouched. */
export async function writeFileAtomic(target: string, data: Uint8Array): Promise<void> {
  // Through a symbolic link to the file it names (renaming onto the link would replace the link).
  let real = path.resolve(target);
  try {
    real = fs.realpathSync(real);
  } catch {
    // a new file: its folder must exist (checked by open below)
  }
  const existing = fs.statSync(real, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw Object.assign(new Error(`${target} is a folder`), { code: 'EISDIR' });
  const dir = path.dirname(real);
  const temp = path.join(dir, `.${path.basename(real)}.watt-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  pending.add(temp);
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(temp, 'wx', existing ? existing.mode & 0o777 : 0o666);
    for (let at = 0; at < data.length; ) {
      const { bytesWritten } = await handle.write(data, at, Math.min(CHUNK, data.length - at));
      if (bytesWritten <= 0) throw Object.assign(new Error('no byte written'), { code: 'EIO' });
      at += bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.promises.rename(temp, real);
    pending.delete(temp);
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    pending.delete(temp);
    throw e;
  }
  // The folder's entry too, so the rename survives a power cut (not possible on every platform).
  try {
    const folder = await fs.promises.open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Windows cannot open a folder for fsync; the rename is still atomic there
  }
}
