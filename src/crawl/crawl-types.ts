import type { FailureCode } from '../net/failure-code.ts';

/** How one inner link fared over one family. */
export type LinkFamilyOutcome =
  | { ok: true; finalUrl: string; status: number; ttfbMs: number }
  | { ok: false; error: FailureCode; detail: string; status?: number };

export interface LinkResult {
  url: string;
  v6: LinkFamilyOutcome;
  v4: LinkFamilyOutcome;
}

/** Links of one level (2 = found on the home page, 3 = found on second-level pages). */
export interface LinkLevelFacts {
  level: 2 | 3;
  /** Distinct inner links found at this level before sampling. */
  found: number;
  /** Every sampled link with its outcome per family. */
  links: LinkResult[];
  /** Set when the level could not be measured (e.g. home page did not load). */
  unmeasured?: { reason: string };
}
