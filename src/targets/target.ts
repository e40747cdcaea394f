/** A target as read from the command line or an input file, before any network work. */
export interface TargetMeta {
  category: string | null;
  owner: string | null;
  name: string | null;
  rank: number | null;
}

export interface ValidTarget extends TargetMeta {
  valid: true;
  /** Position in the combined input (0-based), the sort key of every report. */
  index: number;
  /** The text as given. */
  input: string;
  /** ASCII (punycode), lower case, no trailing dot. */
  host: string;
  /** The same name in Unicode (equal to host for ASCII names). */
  unicodeHost: string;
  /**
   * Entry URLs to try in order: a bare host gives ["https://HOST/", "http://HOST/"] (http is
   * tried only when https answers on neither family); a URL gives just itself (normalised).
   */
  entryUrls: string[];
}

export interface InvalidTarget extends TargetMeta {
  valid: false;
  index: number;
  input: string;
  /** Plain words: why the line is not a target. */
  reason: string;
}

export type TargetRecord = ValidTarget | InvalidTarget;
