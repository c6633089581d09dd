import { Command, CommanderError } from 'commander';
import { registerScan } from './scan.js';
import { registerServe } from './serve.js';
import { registerIngest } from './ingest.js';
import { InputError } from './errors.js';

// Exit codes: 0 ok, 1 usage or internal error, 2 input error under --strict.

const program = new Command('lockstep')
  .description('Find coordinated inauthentic behaviour (troll armies) in social-platform activity.')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerScan(program);
registerServe(program);
registerIngest(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 1);
  if (err instanceof InputError) {
    process.stderr.write(`lockstep: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`lockstep: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
