/** An input that cannot be read at all (missing file, a directory, bad --top); the CLI exits 2. */
export class InputError extends Error {
  override name = 'InputError';
}
