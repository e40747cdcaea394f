/** The report's stylesheet: screen, and an A4 print layout (no filters, no dialogs, full table). */
export const HTML_STYLE = `
:root { --ok: #2e7d32; --partial: #f9a825; --bad: #c62828; --down: #757575; --err: #37474f; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
header, main { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 2px 0; color: #555; }
h2 { font-size: 17px; margin: 24px 0 8px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 10px 16px; min-width: 160px; }
.card b { display: block; font-size: 22px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
figure { margin: 0; background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg text { font-size: 12px; fill: #1b1b1b; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.filters select, .filters input { font: inherit; padding: 4px 6px; }
.filters input { min-width: 260px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eef1f4; cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
tbody tr { cursor: pointer; }
tbody tr:hover { background: #f3f7ff; }
td.num { text-align: right; }
.verdict { display: inline-block; padding: 0 6px; border-radius: 4px; color: #fff; white-space: nowrap; }
.v-compliant { background: var(--ok); } .v-partial { background: var(--partial); color: #1b1b1b; }
.v-non_compliant { background: var(--bad); } .v-unreachable { background: var(--down); } .v-error { background: var(--err); }
.s-pass { color: var(--ok); } .s-fail, .s-error { color: var(--bad); } .s-warn { color: #a36b00; } .s-skip { color: #777; }
#detail { position: fixed; inset: 5% 10%; background: #fff; border: 1px solid #999; border-radius: 8px; padding: 16px 24px; overflow: auto; box-shadow: 0 8px 32px rgba(0,0,0,.25); }
#detail[hidden] { display: none; }
#detail h3 { margin-top: 0; }
#detail h4 { margin: 14px 0 4px; }
#detail table { font-size: 13px; }
.muted { color: #777; }
.notes { color: #555; font-size: 12px; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { background: #fff; font-size: 10.5pt; }
  header, main { max-width: none; padding: 0; }
  .filters, #detail, button { display: none !important; }
  .charts { grid-template-columns: 1fr 1fr; }
  figure, .card { border-color: #bbb; }
  th { cursor: auto; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  .verdict { color: #000 !important; background: none !important; border: 1px solid #777; }
}
`;
