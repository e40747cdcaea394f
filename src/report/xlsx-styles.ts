/**
 * The cell formats of a workbook (xl/styles.xml): one per distinct number format, font weight and
 * alignment actually used, handed out by index as sheets ask for them.
 */
import { xmlEscape } from './xml-text.ts';

export interface CellStyle {
  /** An Excel number format code; General when not given. */
  numFmt?: string | undefined;
  bold?: boolean;
  /** Top-aligned, text wrapped. */
  topWrapped?: boolean;
}

/** Number formats Excel knows by id; any other code gets an id from 164 up. */
const BUILT_IN_FORMATS: ReadonlyMap<string, number> = new Map([
  ['General', 0],
  ['0', 1],
  ['0.00', 2],
  ['@', 49],
]);
const FIRST_CUSTOM_FORMAT_ID = 164;
const FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>';

export class XlsxStyles {
  private readonly customFormats = new Map<string, number>();
  private readonly indexes = new Map<string, number>([['0/0/0', 0]]);
  private readonly cellFormats = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];

  /** The index (a cell's or row's `s`) of this style, added on first use. */
  index(style: CellStyle): number {
    const numFmtId = this.formatId(style.numFmt ?? 'General');
    const fontId = style.bold ? 1 : 0;
    const key = `${numFmtId}/${fontId}/${style.topWrapped ? 1 : 0}`;
    const known = this.indexes.get(key);
    if (known !== undefined) return known;
    const applies = [
      numFmtId === 0 ? '' : ' applyNumberFormat="1"',
      fontId === 0 ? '' : ' applyFont="1"',
      style.topWrapped ? ' applyAlignment="1"' : '',
    ].join('');
    const attributes = `numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${applies}`;
    this.cellFormats.push(
      style.topWrapped
        ? `<xf ${attributes}><alignment vertical="top" wrapText="1"/></xf>`
        : `<xf ${attributes}/>`,
    );
    const index = this.cellFormats.length - 1;
    this.indexes.set(key, index);
    return index;
  }

  /** xl/styles.xml with every style handed out so far. */
  xml(): string {
    const formats = [...this.customFormats].map(
      ([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlEscape(code)}"/>`,
    );
    return [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
      formats.length > 0 ? `<numFmts count="${formats.length}">${formats.join('')}</numFmts>` : '',
      `<fonts count="2"><font>${FONT}</font><font><b/>${FONT}</font></fonts>`,
      '<fills count="2"><fill><patternFill patternType="none"/></fill>',
      '<fill><patternFill patternType="gray125"/></fill></fills>',
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>',
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
      `<cellXfs count="${this.cellFormats.length}">${this.cellFormats.join('')}</cellXfs>`,
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
      '</styleSheet>',
    ].join('');
  }

  private formatId(code: string): number {
    const id = BUILT_IN_FORMATS.get(code) ?? this.customFormats.get(code);
    if (id !== undefined) return id;
    const custom = FIRST_CUSTOM_FORMAT_ID + this.customFormats.size;
    this.customFormats.set(code, custom);
    return custom;
  }
}
