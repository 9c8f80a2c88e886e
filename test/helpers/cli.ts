/** Runs the `watt` command line in-process, collecting what it prints: exit code, stdout and stderr lines joined. */
import { main } from '../../src/cli/main';
import type { CommandContext } from '../../src/cli/context';

export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CommandContext = { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => undefined, env: {} };
  const code = await main(args, ctx);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
