import { UserError } from '../user-error.ts';

/** A profile that cannot be used: not found, not JSON, or a field out of range. Exit status 2. */
export class ProfileError extends UserError {
  override name = 'ProfileError';

  constructor(
    message: string,
    /** Each problem found, when the profile was read but is not valid. */
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}
