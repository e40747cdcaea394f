/** The words of the reports for people (HTML, workbook, summary.md), per language. */
export interface ReportTerms {
  placeholder: string;
}
