// Numbers in a notebook's prose that no cell backs. A result stated in a markdown cell must be printed by a cell (then
// the sentence is the cell's output, not prose) or asserted by one (`expect(x, '…').toBeCloseTo(0.99, 0.005)`), and a
// setting must be the literal a code cell uses. So every number the prose states must appear as a literal in one of
// the notebook's code cells. Not counted: maths (inside $…$), inline code, links, references to sections (§4.2), lines
// (l.1160), listings (L12), claims (H13), formulas of the audit (G6, V4), articles (000–004), chapters and notebooks,
// years, whole numbers up to 10, which are counts in words more often than results, and the exercises, which set
// tasks rather than state results.

export interface ProseNumber {
  /** The number as written, e.g. '419,329' or '99 %'. */
  text: string;
  /** Index of the markdown cell. */
  cell: number;
}

interface NotebookCell {
  cell_type: string;
  source: string | string[];
}

const REFERENCES: RegExp[] = [
  /\$\$[\s\S]*?\$\$/g, // display maths
  /\$[^$\n]*\$/g, // inline maths
  /`[^`]*`/g, // inline code
  /\]\([^)]*\)/g, // link targets
  /https?:\/\/\S+/g,
  /\bSHA-\d+/g, // a hash's name
  /\bPEP \d+/g, // a Python standard's name
  /\barXiv:\s?\d{4}\.\d{4,5}(?:v\d+)?/g, // a paper's arXiv id
  /\b(?:doi:\s?)?10\.\d{4,9}\/\S+/gi, // a DOI
  /§\s?[\d.]+(?:[–-][\d.]+)?/g,
  /\bl\.\s?\d+(?:[–-]\d+)?/g,
  /\b[LHGVA]\d+\b/g,
  /(?<![\d,])\b00[0-4](?:-ext)?\b/g, // article ids, not the thousands of 60,000
  /\b(?:chapters?|notebooks?|Chapters?|Notebooks?)\s+\d+(?:[–-]\d+)?/g,
  /^#+\s*\d+\s*·/gm, // the chapter number in a title
  /\b(?:19[5-9]\d|20[0-3]\d)\b/g, // years
];

const EXERCISES = /^#+\s*Exercises[\s\S]*?(?=^#+\s|(?![\s\S]))/gm;
const NUMBER = /(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s?%)?/g;
const LITERAL = /(?<![\w.])(\d[\d_]*(?:\.\d+)?(?:e-?\d+)?)/g;

const sourceOf = (cell: NotebookCell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);

/** The numeric literals of the notebook's code cells. */
export function codeLiterals(cells: NotebookCell[]): Set<number> {
  const literals = new Set<number>();
  for (const cell of cells.filter((c) => c.cell_type === 'code')) {
    for (const match of sourceOf(cell).matchAll(LITERAL)) literals.add(Number(match[1].replace(/_/g, '')));
  }
  return literals;
}

/** The numbers in markdown cells that appear in no code cell (a percentage may appear as a fraction: 99 % as 0.99). */
export function unbackedNumbers(cells: NotebookCell[]): ProseNumber[] {
  const literals = codeLiterals(cells);
  const found: ProseNumber[] = [];
  cells.forEach((cell, index) => {
    if (cell.cell_type !== 'markdown') return;
    const prose = [EXERCISES, ...REFERENCES].reduce((text, pattern) => text.replace(pattern, ' '), sourceOf(cell));
    for (const match of prose.matchAll(NUMBER)) {
      const [text, digits, percent] = match;
      const value = Number(digits.replace(/,/g, ''));
      if (!digits.includes('.') && value <= 10) continue;
      if (literals.has(value) || (percent && literals.has(Number((value / 100).toPrecision(12))))) continue;
      found.push({ text: text.trim(), cell: index });
    }
  });
  return found;
}
