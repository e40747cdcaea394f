// exceljs's streaming writer by its own module path (see openXlsxReport), typed as the package
// types it under ExcelJS.stream.xlsx.
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type ExcelJS from 'exceljs';

  const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}
