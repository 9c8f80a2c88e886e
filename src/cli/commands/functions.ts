import { FUNCTIONS, NAMESPACE } from '../../engine/engine';
import type { Command } from '../command';
import { parseFlags } from '../context';

export const functionsCommand: Command = {
  summary: 'list every WATT function with its arguments',
  usage: 'functions [--json]',
  async run(args, ctx) {
    const { flags } = parseFlags(args, ['--json']);
    if (flags.has('--json')) {
      ctx.out(JSON.stringify(FUNCTIONS.map((f) => ({ name: `${NAMESPACE}.${f.name}`, description: f.description, parameters: f.parameters, result: f.result })), null, 2));
      return 0;
    }
    for (const f of FUNCTIONS) {
      const params = f.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ');
      ctx.out(`${NAMESPACE}.${f.name}(${params})`);
      ctx.out(`  ${f.description ?? ''}`);
      for (const p of f.parameters) ctx.out(`    ${p.name}: ${p.description ?? ''}`);
    }
    return 0;
  },
};
