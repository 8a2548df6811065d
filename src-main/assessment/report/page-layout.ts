import { PageSizes, rgb, type Color, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { toPdfText, wrapText } from './pdf-text';

/** A4 pages drawn top-down with a header and a "Page n of m" footer. */

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
export const MARGIN_X = 50;
const MARGIN_TOP = 64; // room for the header line
const MARGIN_BOTTOM = 60; // room for the footer line
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const CONTENT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
const FIELD_LABEL_WIDTH = 110;
const BODY_SIZE = 10;
export const SMALL_SIZE = 8.5;
const LINE_FACTOR = 1.35;

const INK = rgb(0.1, 0.1, 0.12);
export const MUTED = rgb(0.4, 0.4, 0.45);
export const ACCENT = rgb(0.13, 0.38, 0.7);
const RULE = rgb(0.8, 0.8, 0.84);
export const BAR_TRACK = rgb(0.9, 0.9, 0.92);

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

interface TextStyle {
  font?: PDFFont;
  size?: number;
  color?: Color;
  /** Points from the left margin. */
  indent?: number;
}

export interface Cell {
  text: string;
  x: number;
  width: number;
  style?: TextStyle;
}

/**
 * A top-down cursor over the document's pages: every draw asks for the
 * height it needs first, and a new page starts when that would cross the
 * bottom margin. Headers and footers are added at the end (see decorate),
 * when the page count is known.
 */
export class PageCursor {
  private page!: PDFPage;
  private y = 0;

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage(PageSizes.A4);
    this.y = PAGE_HEIGHT - MARGIN_TOP;
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. */
  ensureSpace(height: number): void {
    if (this.y - height < MARGIN_BOTTOM) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  /** Wrapped text, line by line, so a long answer flows onto the next page. */
  paragraph(text: string, style: TextStyle = {}): void {
    const { font, size, color, indent } = this.resolve(style);
    const lineHeight = size * LINE_FACTOR;
    for (const line of wrapText(text, font, size, CONTENT_WIDTH - indent)) {
      this.ensureSpace(lineHeight);
      this.y -= lineHeight;
      this.page.drawText(line, { x: MARGIN_X + indent, y: this.y + (lineHeight - size) / 2, size, font, color });
    }
  }

  /** A section title; it takes a few lines' room so it never sits alone at a page's foot. */
  heading(text: string): void {
    this.ensureSpace(13 * LINE_FACTOR + 3 * BODY_SIZE * LINE_FACTOR);
    this.gap(10);
    this.paragraph(text, { font: this.fonts.bold, size: 13, color: ACCENT });
    this.page.drawLine({ start: { x: MARGIN_X, y: this.y - 2 }, end: { x: PAGE_WIDTH - MARGIN_X, y: this.y - 2 }, thickness: 0.5, color: RULE });
    this.gap(6);
  }

  /** "Label   value", the value wrapped in its own column. */
  field(label: string, value: string): void {
    const labelCell: Cell = { text: label, x: 0, width: FIELD_LABEL_WIDTH, style: { font: this.fonts.bold } };
    const valueWidth = CONTENT_WIDTH - FIELD_LABEL_WIDTH;
    // A row cannot break across pages, so a long value (a scoring error) flows below its label instead.
    if (wrapText(value, this.fonts.regular, BODY_SIZE, valueWidth).length > 6) {
      this.row([labelCell]);
      this.paragraph(value, { indent: FIELD_LABEL_WIDTH });
      return;
    }
    this.row([labelCell, { text: value, x: FIELD_LABEL_WIDTH, width: valueWidth }]);
  }

  /**
   * One table row: each cell wrapped to its column, the row as tall as its
   * tallest cell. Returns where the row sits so the caller can draw into it
   * (the skill bars).
   */
  row(cells: Cell[], minHeight = 0): { page: PDFPage; top: number; height: number } {
    const laidOut = cells.map((cell) => {
      const style = this.resolve(cell.style ?? {});
      const lines = wrapText(cell.text, style.font, style.size, cell.width);
      // Rows do not break across pages: a cell taller than a page is cut rather than drawn past the footer.
      const maxLines = Math.floor(CONTENT_HEIGHT / (style.size * LINE_FACTOR));
      return { cell, style, lines: lines.length > maxLines ? [...lines.slice(0, maxLines - 1), '…'] : lines };
    });
    const height = Math.max(minHeight, ...laidOut.map(({ style, lines }) => lines.length * style.size * LINE_FACTOR));
    this.ensureSpace(height);
    const top = this.y;
    for (const { cell, style, lines } of laidOut) {
      const lineHeight = style.size * LINE_FACTOR;
      lines.forEach((line, i) => {
        const baseline = top - (i + 1) * lineHeight + (lineHeight - style.size) / 2;
        this.page.drawText(line, { x: MARGIN_X + cell.x, y: baseline, size: style.size, font: style.font, color: style.color });
      });
    }
    this.y -= height;
    return { page: this.page, top, height };
  }

  private resolve(style: TextStyle): Required<TextStyle> {
    return { font: style.font ?? this.fonts.regular, size: style.size ?? BODY_SIZE, color: style.color ?? INK, indent: style.indent ?? 0 };
  }
}

/** What the header and footer say: the assessment report's words unless a document (the explanation pack) has its own. */
export interface DocumentLabels {
  title: string;
  footer: string;
}
const ASSESSMENT_LABELS: DocumentLabels = { title: 'Interview assessment', footer: 'Confidential — candidate assessment' };

/** Header (what, whom, when generated) and footer (page n of m, confidentiality) on every page. */
export function decorate(doc: PDFDocument, fonts: Fonts, candidateName: string, generatedWhen: string, labels: DocumentLabels = ASSESSMENT_LABELS): void {
  const pages = doc.getPages();
  const headerLeft = fitToWidth(`${labels.title} — ${candidateName}`, fonts.regular, SMALL_SIZE, CONTENT_WIDTH * 0.6);
  const headerRight = toPdfText(`Generated ${generatedWhen}`);
  const confidential = labels.footer;
  pages.forEach((page, index) => {
    const small = { size: SMALL_SIZE, font: fonts.regular, color: MUTED };
    const headerY = PAGE_HEIGHT - 36;
    page.drawText(headerLeft, { x: MARGIN_X, y: headerY, ...small });
    page.drawText(headerRight, { x: rightAligned(headerRight, fonts.regular), y: headerY, ...small });
    page.drawLine({ start: { x: MARGIN_X, y: headerY - 6 }, end: { x: PAGE_WIDTH - MARGIN_X, y: headerY - 6 }, thickness: 0.5, color: RULE });

    const footerY = 32;
    const pageLabel = `Page ${index + 1} of ${pages.length}`;
    page.drawLine({ start: { x: MARGIN_X, y: footerY + 12 }, end: { x: PAGE_WIDTH - MARGIN_X, y: footerY + 12 }, thickness: 0.5, color: RULE });
    page.drawText(confidential, { x: MARGIN_X, y: footerY, ...small });
    page.drawText(pageLabel, { x: rightAligned(pageLabel, fonts.regular), y: footerY, ...small });
  });
}

function rightAligned(text: string, font: PDFFont): number {
  return PAGE_WIDTH - MARGIN_X - font.widthOfTextAtSize(text, SMALL_SIZE);
}

/** One line, shortened with an ellipsis when it would not fit (a very long name in the header). */
function fitToWidth(text: string, font: PDFFont, size: number, maxWidth: number): string {
  let line = toPdfText(text).replace(/\s+/g, ' ');
  if (font.widthOfTextAtSize(line, size) <= maxWidth) return line;
  while (line.length > 0 && font.widthOfTextAtSize(`${line}…`, size) > maxWidth) line = line.slice(0, -1);
  return `${line.trimEnd()}…`;
}
