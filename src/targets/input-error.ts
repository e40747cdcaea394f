import { UserError } from '../user-error.ts';

/** An input that cannot be read at all (missing file, a directory, bad --top); the CLI exits 2. */
export class InputError extends UserError {
  override name = 'InputError';
}
