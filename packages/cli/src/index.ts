export { ExitCode, exitCodeForCategory, type ErrorCategory, type ExitCodeValue } from './exit-codes.js';
export { BaseCommand, type CommandArgs, type CommandFlags } from './base-command.js';
