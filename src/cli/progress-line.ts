import type { Verdict } from '../judge/judge-types.ts';

const UNKNOWN_TOTAL_STEP = 1000;

/**
 * One status line on stderr, redrawn in place on a terminal (at most 5 times a second); off a
 * terminal (CI logs) it prints a plain line every 10% instead of flooding the log.
 */
export class ProgressLine {
  private done = 0;
  private readonly counts = new Map<Verdict, number>();
  private lastDrawMs = 0;
  private lastTenth = 0;
  private readonly startedMs = Date.now();

  /** `total` is null while the input is still being read (targets stream in). */
  constructor(
    private total: number | null,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {}

  setTotal(total: number): void {
    this.total = total;
  }

  siteDone(verdict: Verdict): void {
    this.done += 1;
    this.counts.set(verdict, (this.counts.get(verdict) ?? 0) + 1);
    if (!this.enabled) return;
    if (this.stream.isTTY) {
      const now = Date.now();
      if (now - this.lastDrawMs >= 200 || this.done === this.total) {
        this.lastDrawMs = now;
        this.stream.write(`\r\x1b[K${this.text()}`);
      }
      return;
    }
    if (this.total === null) {
      // The input is still being read: no share to report, so a line every 1000 sites.
      if (this.done % UNKNOWN_TOTAL_STEP === 0) this.stream.write(`${this.text()}\n`);
      return;
    }
    const tenth = Math.floor((this.done * 10) / Math.max(this.total, 1));
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.stream.write(`${this.text()}\n`);
    }
  }

  finish(): void {
    if (this.enabled && this.stream.isTTY && this.done > 0) this.stream.write('\n');
  }

  text(): string {
    const elapsedSeconds = (Date.now() - this.startedMs) / 1000;
    const rate = elapsedSeconds > 0 ? this.done / elapsedSeconds : 0;
    const remaining =
      rate > 0 && this.total !== null ? Math.round((this.total - this.done) / rate) : null;
    const verdicts = ['compliant', 'partial', 'non_compliant', 'unreachable', 'error'] as const;
    const tally = verdicts
      .map((verdict) => `${verdict} ${this.counts.get(verdict) ?? 0}`)
      .join(' · ');
    const eta = remaining === null ? '' : ` · eta ${formatSeconds(remaining)}`;
    return `v6ready ${this.done}/${this.total ?? '?'} sites · ${tally} · ${rate.toFixed(1)} sites/s${eta}`;
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${seconds % 60}s`
    : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}
