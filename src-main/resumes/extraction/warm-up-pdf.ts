/**
 * A two-page PDF of plain text, built in code: reading it makes a standby
 * worker load pdf.js and let V8 optimise its text-extraction paths (a single
 * line is not enough for that) before a candidate's file arrives.
 */
const LINE = 'Warm up: built and operated services in TypeScript, Go and PostgreSQL; mentored engineers; 2019-2025.';
const LINES_PER_PAGE = 50;
const PAGES = 2;

export function warmUpPdf(): Uint8Array {
  const content = [`BT /F1 10 Tf 13 TL 50 800 Td`, ...Array.from({ length: LINES_PER_PAGE }, (_, i) => `(${LINE} ${i}) Tj T*`), 'ET'].join('\n');
  const pageIds = Array.from({ length: PAGES }, (_, i) => 5 + i);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${PAGES} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    ...pageIds.map(() => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>'),
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}
