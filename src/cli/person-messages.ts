import type { Logger } from '../log/logger.ts';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * Messages meant for the person at the terminal (a gate not met, an interrupt, resuming, the
 * closing summary): one plain `v6ready: ...` line each on stderr, also with --no-progress.
 * --quiet keeps errors only. With --log-format json they go through pino instead, so that a log
 * collector reads one format. pino itself stays for diagnostics (--log-level debug).
 */
export class PersonMessages {
  constructor(
    private readonly options: {
      quiet: boolean;
      format: LogFormat;
      logger: Logger;
      stream?: NodeJS.WritableStream;
    },
  ) {}

  /** Something worth knowing: resuming, the closing summary, where the reports are. */
  note(text: string, fields: Record<string, unknown> = {}): void {
    if (this.options.quiet) return;
    this.emit('info', text, fields);
  }

  /** Something the person must act on: a gate not met, an interrupted scan. */
  warn(text: string, fields: Record<string, unknown> = {}): void {
    if (this.options.quiet) return;
    this.emit('warn', text, fields);
  }

  error(text: string, fields: Record<string, unknown> = {}): void {
    this.emit('error', text, fields);
  }

  private emit(level: 'info' | 'warn' | 'error', text: string, fields: Record<string, unknown>) {
    if (this.options.format === 'json') {
      // Past the logger's level filter: a message for a person is never a diagnostic to drop.
      this.options.logger[level === 'info' ? 'warn' : level](
        { ...fields, message_for: 'person' },
        text,
      );
      return;
    }
    (this.options.stream ?? process.stderr).write(`v6ready: ${text}\n`);
  }
}
