/**
 * Turns the server's 400 message into per-field issues the form can show next to its inputs.
 * Two shapes arrive: engine config errors, one "  - path: message" line per problem, and zod errors for the rules,
 * "path: message; path: message" (lib/protocol describeZodError).
 */
export type FieldIssue = { field: string | null; label: string; message: string };

const labels: Record<string, string> = {
  name: "Title",
  numPoints: "Number of points",
  noise: "Noise",
  seed: "Seed",
  loss: "Loss",
  dataset: "Dataset",
  target: "Target curve",
  scenario: "Scenario",
  trainFraction: "Training share",
  batchSize: "Batch size",
  hiddenLayers: "Hidden layers",
  rules: "Rules",
};

function labelFor(path: string): { field: string | null; label: string } {
  const layer = /^(?:config\.)?hiddenLayers\[(\d+)\]\.?(\w*)/.exec(path);
  if (layer) return { field: "hiddenLayers", label: `Hidden layer ${Number(layer[1]) + 1}${layer[2] ? ` ${layer[2]}` : ""}` };
  const head = path.replace(/^config\./, "").split(/[.[]/)[0];
  return { field: head in labels ? head : null, label: labels[head] ?? path };
}

export function parseIssues(message: string): FieldIssue[] {
  const bullets = message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("- "))
    .map((line) => line.slice(2));
  const parts = bullets.length > 0 ? bullets : message.split("; ");
  return parts.map((part) => {
    const match = /^([\w.[\]]+): ([\s\S]*)$/.exec(part);
    if (!match) return { field: null, label: "", message: part };
    return { ...labelFor(match[1]), message: match[2] };
  });
}
