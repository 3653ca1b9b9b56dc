import { Command, Errors, Flags, type Interfaces } from '@oclif/core';

import { ExitCode, exitCodeForCategory, type ErrorCategory } from './exit-codes.js';

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

const CATEGORIES: ReadonlySet<string> = new Set(['usage', 'target', 'thresholds', 'interrupted', 'internal']);

/** An error from any headroom package: it has a stable `code` and a `category`. */
interface CategorisedError extends Error {
  code: string;
  category: ErrorCategory;
}

function isCategorised(error: unknown): error is CategorisedError {
  if (!(error instanceof Error)) return false;
  const candidate = error as Partial<CategorisedError>;
  return typeof candidate.code === 'string' && CATEGORIES.has(String(candidate.category));
}

function isParseError(error: Error): boolean {
  if (error instanceof Errors.ExitError) return false;
  if ('parse' in error) return true; // oclif's CLIParseError family carries the parse input
  return /^Parsing --/.test(error.message) || (error instanceof Errors.CLIError && error.oclif?.exit === 2);
}

/**
 * Shared flags, parsing and error → exit-code mapping for every headroom command.
 * Commands parse their flags here and hand the work to a package function.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = false;

  static override baseFlags = {
    'log-level': Flags.option({
      description: 'How much headroom says on stderr while it works.',
      options: ['error', 'warn', 'info', 'debug'] as const,
      default: 'info' as const,
      helpGroup: 'GLOBAL',
    })(),
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;

  public override async init(): Promise<void> {
    await super.init();
    const { args, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;
  }

  /** Writes a progress or diagnostic line to stderr, so stdout stays machine-readable. */
  protected note(message: string): void {
    if (this.flags['log-level'] === 'error' || this.flags['log-level'] === 'warn') return;
    process.stderr.write(`${message}\n`);
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (isCategorised(error)) {
      const exit = exitCodeForCategory(error.category);
      const label = error.category === 'internal' ? 'internal error (a bug in headroom)' : 'error';
      if (this.jsonEnabled()) this.logJson({ error: { code: error.code, message: error.message } });
      else process.stderr.write(`${label} [${error.code}]: ${error.message}\n`);
      this.exit(exit);
    }
    // oclif's own parse errors (unknown flag, bad value, missing argument) and errors
    // thrown by a flag's parse function (oclif rewraps them as "Parsing --flag …").
    if (isParseError(error)) {
      const message = error.message.replace(/\s*See more help with --help\s*$/, '');
      if (this.jsonEnabled()) this.logJson({ error: { code: 'USAGE', message } });
      else process.stderr.write(`error [USAGE]: ${message}\nSee --help for usage.\n`);
      this.exit(ExitCode.USAGE);
    }
    return super.catch(error);
  }
}
