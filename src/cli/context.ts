/** What a command may touch: its output streams and standard input (injected, so tests capture them). */
export interface CommandContext {
  out(line: string): void;
  err(line: string): void;
  /** Reads all of standard input; undefined when stdin is a terminal. */
  readStdin(): Promise<string | undefined>;
  env: Record<string, string | undefined>;
}

export class UsageError extends Error {}

/** A file that cannot be read or written: not misuse (exit 1, no usage line); the message names the file. */
export class FileError extends Error {}

/** Splits flags (--json) from positional arguments; unknown flags are a usage error. */
export function parseFlags(args: string[], known: string[]): { flags: Set<string>; positional: string[] } {
  const flags = new Set<string>();
  const positional: string[] = [];
  for (const a of args) {
    if (a.startsWith('--')) {
      if (!known.includes(a)) throw new UsageError(`unknown option ${a}`);
      flags.add(a);
    } else positional.push(a);
  }
  return { flags, positional };
}

export function processContext(): CommandContext {
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    env: process.env,
    readStdin: () =>
      new Promise((resolve, reject) => {
        if (process.stdin.isTTY) return resolve(undefined);
        let data = '';
        process.stdin.setEncoding('utf8');
        process.stdin.on('data', (chunk) => (data += chunk));
        process.stdin.on('end', () => resolve(data));
        process.stdin.on('error', reject);
      }),
  };
}
