import type { BodyIssue } from "@/lib/protocol";

/**
 * The server's per-field problems (POST /api/sessions answers a bad config or rules with `issues`, paths into the
 * body) as the form shows them: which input to mark, and its label.
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
  optimizer: "Momentum",
  data: "Your data",
};

export function fieldIssue({ path, message }: BodyIssue): FieldIssue {
  // The form's fields are the config's and the rules'; "config" itself is not a field.
  const [head, index, key] = path[0] === "config" ? path.slice(1) : path;
  if (head === undefined) return { field: null, label: "", message };
  if (head === "hiddenLayers" && typeof index === "number")
    return { field: "hiddenLayers", label: `Hidden layer ${index + 1}${key !== undefined ? ` ${key}` : ""}`, message };
  // data.points[12] is the 13th point (header and blank lines not counted); the message already says "row 13".
  if (head === "data") return { field: "data", label: "Your data", message };
  const name = String(head);
  return { field: name in labels ? name : null, label: labels[name] ?? path.join("."), message };
}
