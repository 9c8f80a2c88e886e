import { main } from './main';
import { processContext } from './context';
import { removePendingTemporaryFiles } from './atomic-write';

// A reader that stops early (`npx watt functions | head`) closes the pipe: that is the end of the
// output, not an error. Exit quietly with success, as the Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

// Interrupted (Ctrl+C, kill): a file being written is abandoned before its rename, so its target is
// as it was; the temporary file is removed here. Exit status 128 + the signal's number, as shells expect.
const SIGNALS: [NodeJS.Signals, number][] = [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]];
for (const [signal, number] of SIGNALS) {
  process.on(signal, () => {
    removePendingTemporaryFiles();
    process.stderr.write(`\nwatt: interrupted; no file was left half-written\n`);
    process.exit(128 + number);
  });
}

main(process.argv.slice(2), processContext()).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`watt: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  },
);
