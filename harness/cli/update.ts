// PLACEHOLDER: replaced by the engineer who owns the `update` command.
import type { CAC } from 'cac';
import type { CommandContext } from './main.js';
import { MemgateError } from '../errors.js';

export function registerUpdate(cli: CAC, _context: CommandContext): void {
  cli.command('update', 'not built yet').action(() => {
    throw new MemgateError('USAGE', '"memgate update" is not built yet');
  });
}
