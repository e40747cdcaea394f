/** The words of the reports for people (HTML, workbook, summary.md), per language. */
export interface ReportTerms {
  title: string;
  scanned: string;
  tool: string;
  profile: string;
  vantage: string;
  overview: string;
  sites: string;
  sitesMeasured: string;
  compliantShare: string;
  meanScore: string;
  verdictShares: string;
  byCategory: string;
  byOwner: string;
  scoreHistogram: string;
  changeSinceBaseline: string;
  baseline: string;
  noGroup: string;
  /** Column names, shared by the HTML table, the workbook and summary.md. */
  columns: {
    index: string;
    target: string;
    host: string;
    unicodeHost: string;
    name: string;
    owner: string;
    category: string;
    rank: string;
    verdict: string;
    score: string;
    reasons: string;
    scannedAt: string;
    aaaa: string;
    a: string;
    v6Status: string;
    v4Status: string;
    v6TtfbMs: string;
    v4TtfbMs: string;
    similarity: string;
    l2Ratio: string;
    l3Ratio: string;
    group: string;
    total: string;
    measured: string;
    baselineShare: string;
    change: string;
    check: string;
    checkName: string;
    role: string;
    status: string;
    reason: string;
  };
  filters: {
    allVerdicts: string;
    allCategories: string;
    allOwners: string;
    search: string;
    shown: string;
  };
  detail: {
    addresses: string;
    statusChain: string;
    tls: string;
    subject: string;
    issuer: string;
    expires: string;
    similarity: string;
    failingLinks: string;
    checks: string;
    none: string;
    close: string;
  };
  sheets: { summary: string; sites: string; failingChecks: string };
  notes: {
    measured: string;
    share: string;
    change: string;
    checkBeforeUse: string;
  };
}
