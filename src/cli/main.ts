import { Command, CommanderError } from 'commander';
import { registerScan } from './scan.js';
import { registerServe } from './serve.js';
import { registerIngest } from './ingest.js';
import { registerPush } from './push.js';
import { registerExport } from './export.js';
import { registerDaily } from './daily.js';
import { InputError } from './errors.js';
import { MemoryLimitError } from '../exec/memory.js';
import { RefusedInputError } from './input-verdict.js';
import { version } from './version.js';

// Exit codes (EXIT in input-verdict.ts): 0 ok, 1 usage or internal error, 2 input error under
// --strict, 3 and 4 input refused (times out of range; mostly rejected).

const program = new Command('lockstep')
  .description('Find coordinated inauthentic behaviour (troll armies) in social-platform activity.')
  .version(version(), '-V, --version', 'print the version')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerScan(program);
registerServe(program);
registerIngest(program);
registerPush(program);
registerExport(program);
registerDaily(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 1);
  if (err instanceof RefusedInputError) {
    process.stderr.write(`lockstep: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  if (err instanceof MemoryLimitError) {
    process.stderr.write(`lockstep: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  if (err instanceof InputError) {
    process.stderr.write(`lockstep: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`lockstep: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
