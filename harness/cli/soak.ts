// PLACEHOLDER: replaced by the engineer who owns the `soak` command.
import type { CAC } from 'cac';
import type { CommandContext } from './main.js';
import { MemgateError } from '../errors.js';

export function registerSoak(cli: CAC, _context: CommandContext): void {
  cli.command('soak', 'not built yet').action(() => {
    throw new MemgateError('USAGE', '"memgate soak" is not built yet');
  });
}
