// PLACEHOLDER: replaced by the engineer who owns the `run` command.
import type { CAC } from 'cac';
import type { CommandContext } from './main.js';
import { MemgateError } from '../errors.js';

export function registerRun(cli: CAC, _context: CommandContext): void {
  cli.command('run', 'not built yet').action(() => {
    throw new MemgateError('USAGE', '"memgate run" is not built yet');
  });
}
