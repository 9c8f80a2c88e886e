/** One subcommand of `watt`: its one-line summary, its usage, and what it runs (see COMMANDS in main.ts). */
import type { CommandContext } from './context';

export interface Command {
  summary: string;
  usage: string;
  run(args: string[], ctx: CommandContext): Promise<number>;
}
