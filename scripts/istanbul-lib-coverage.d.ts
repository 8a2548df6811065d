/**
 * The part of istanbul-lib-coverage (the library vitest's coverage uses to
 * merge and sum coverage) that scripts/coverage-report.ts calls. The package
 * ships no types and @types/istanbul-lib-coverage is not installed.
 */
declare module 'istanbul-lib-coverage' {
  interface Position {
    line: number;
    column: number;
  }
  interface Location {
    start: Position;
    end: Position;
  }
  /** One file's coverage as coverage-final.json holds it. */
  interface FileCoverageData {
    path: string;
    statementMap: Record<string, Location>;
    s: Record<string, number>;
    fnMap: Record<string, { name: string; decl: Location; loc: Location; line: number }>;
    f: Record<string, number>;
    branchMap: Record<string, { type: string; line: number; loc: Location; locations: Location[] }>;
    b: Record<string, number[]>;
    /** Set by vitest for a file no test loaded: every line zero, and replaced by real coverage when merged. */
    all?: boolean;
  }
  type CoverageMapData = Record<string, FileCoverageData>;
  interface Totals {
    total: number;
    covered: number;
    skipped: number;
    pct: number | 'Unknown';
  }
  interface CoverageSummary {
    lines: Totals;
    statements: Totals;
    functions: Totals;
    branches: Totals;
    merge(other: CoverageSummary): CoverageSummary;
    toJSON(): Record<'lines' | 'statements' | 'functions' | 'branches', Totals>;
  }
  interface FileCoverage {
    readonly path: string;
    readonly data: FileCoverageData;
    toSummary(): CoverageSummary;
  }
  interface CoverageMap {
    merge(other: CoverageMap | CoverageMapData): void;
    filter(keep: (path: string) => boolean): void;
    files(): string[];
    fileCoverageFor(path: string): FileCoverage;
    toJSON(): CoverageMapData;
  }
  const libCoverage: {
    createCoverageMap(data?: CoverageMapData): CoverageMap;
    createCoverageSummary(): CoverageSummary;
  };
  export type { CoverageMap, CoverageMapData, CoverageSummary, FileCoverageData, Location, Totals };
  export default libCoverage;
}
