/**
 * The one class of mistakes a user can fix (a bad flag, an unreadable input or report, an output
 * directory that would lose results): the CLI prints its message as one line and exits 2.
 * Anything else is ours (exit 1, with the stack).
 */
export class UserError extends Error {
  override name = 'UserError';
}
