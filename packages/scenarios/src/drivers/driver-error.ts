import { HeadroomError } from '../errors.js';

/**
 * Driver options that cannot be used, with every problem found, one per line as
 * `path: message`. The caller can fix them: category 'usage'.
 */
export class DriverOptionsError extends HeadroomError {
  readonly problems: readonly string[];

  constructor(driver: string, problems: readonly string[]) {
    super('INVALID_DRIVER_OPTIONS', 'usage', `${driver} options are invalid:\n${problems.join('\n')}`);
    this.problems = problems;
  }
}

/** The target could not be reached at all (no connection opened). Category 'target'. */
export class TargetUnreachableError extends HeadroomError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TARGET_UNREACHABLE', 'target', message, options);
  }
}

/** Collects option problems so they are all reported at once. */
export class OptionProblems {
  private readonly problems: string[] = [];

  positive(path: string, value: number | undefined, { integer = false, optional = false } = {}): void {
    if (value === undefined) {
      if (!optional) this.problems.push(`${path}: is required`);
      return;
    }
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
      this.problems.push(
        `${path}: must be a positive ${integer ? 'integer' : 'number'}, got ${String(value)}`,
      );
    }
  }

  nonNegative(path: string, value: number | undefined): void {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      this.problems.push(`${path}: must be a number ≥ 0, got ${String(value)}`);
    }
  }

  url(path: string, value: string, protocols: readonly string[]): void {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.problems.push(`${path}: is not a URL: ${JSON.stringify(value)}`);
      return;
    }
    if (!protocols.includes(parsed.protocol)) {
      this.problems.push(
        `${path}: must start with ${protocols.map((p) => `${p}//`).join(' or ')}, got ${value}`,
      );
    }
  }

  add(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  /** Throws a DriverOptionsError listing every problem, if there are any. */
  throwIfAny(driver: string): void {
    if (this.problems.length > 0) throw new DriverOptionsError(driver, this.problems);
  }
}
