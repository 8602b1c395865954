/** Types for build-state.js (plain JavaScript: it runs before anything is compiled). */
export declare const STAMP: string;
export declare const DIST_ENTRY: string;
export declare function buildState(root: string): { fresh: boolean; reason: string };
export declare function markBuilt(root: string, startedAtMs: number): void;
