/** Errors thrown by the engine for bad input (configurations, serialised states, options). */

export interface ConfigIssue {
  /** Dotted path of the offending field, e.g. "hiddenLayers[0].neurons"; "" for the whole input. */
  readonly path: string;
  /** The same path as keys (array indices as numbers), for clients that place the problem next to a field. */
  readonly keys?: readonly (string | number)[];
  /** What is wrong, in plain words, including the value received when known. */
  readonly message: string;
}

/**
 * Invalid configuration (or serialised state). `message` lists every problem
 * on its own line so it can be shown to an instructor as is; `issues` keeps
 * them structured for forms.
 */
export class EngineConfigError extends Error {
  override readonly name = "EngineConfigError";
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], heading = "Invalid engine configuration") {
    const lines = issues.map((i) => `  - ${i.path === "" ? "" : `${i.path}: `}${i.message}`);
    super(`${heading} (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.issues = issues;
  }
}
