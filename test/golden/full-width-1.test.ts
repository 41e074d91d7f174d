// First half of the full-width golden matrix (see full-width.ts).
import { CASES, goldenCases } from './full-width.ts';

goldenCases(CASES.slice(0, 11));
