import { main } from './main';
import { processContext } from './context';

main(process.argv.slice(2), processContext()).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`watt: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  },
);
