export function buildIsStale(): boolean;
export function ensureBuild(options?: { quiet?: boolean }): void;
