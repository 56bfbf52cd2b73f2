// PLACEHOLDER: replaced by the engineer who owns the `compare` command.
import type { CAC } from 'cac';
import type { CommandContext } from './main.js';
import { MemgateError } from '../errors.js';

export function registerCompare(cli: CAC, _context: CommandContext): void {
  cli.command('compare', 'not built yet').action(() => {
    throw new MemgateError('USAGE', '"memgate compare" is not built yet');
  });
}
