/**
 * `watt`: the command line. Each subcommand lives in src/cli/commands and is named in COMMANDS.
 * Exit status: 0 on success (a formula that evaluates to an Excel error is still a success),
 * 1 when a file cannot be read or written (FileError: its message says why, no usage line), 2 when
 * the command is misused, 3 when `recalc` wrote its file but left some formula cells as they were.
 */
import { evalCommand } from './commands/eval';
import { functionsCommand } from './commands/functions';
import { networkCommand } from './commands/network';
import { recalcCommand } from './commands/recalc';
import { templateCommand } from './commands/template';
import type { Command } from './command';
import { CommandContext, FileError, UsageError } from './context';

export const COMMANDS: Record<string, Command> = {
  eval: evalCommand,
  functions: functionsCommand,
  network: networkCommand,
  recalc: recalcCommand,
  template: templateCommand,
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  watt ${c.usage.padEnd(44)} ${c.summary}`);
  return ['Watt: bitcoin-mining and AI/HPC conversion economics, WATT.* functions in a spreadsheet engine.', '', 'Usage:', ...lines, '  watt help                                    this text'].join('\n');
}

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    ctx.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    ctx.err(`watt: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.err(`watt ${name}: ${e.message}\nusage: watt ${command.usage}`);
      return 2;
    }
    if (e instanceof FileError) {
      ctx.err(`watt ${name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
