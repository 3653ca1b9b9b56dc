import { HeadroomError } from '../errors.js';

/** Two runs that cannot be compared (nothing in common, a bad option). The user can fix it. */
export class ComparisonError extends HeadroomError {
  constructor(message: string) {
    super('NOT_COMPARABLE', 'usage', message);
  }
}
