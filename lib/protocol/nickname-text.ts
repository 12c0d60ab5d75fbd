/**
 * How a nickname is cleaned, measured and judged, with no dependencies (no zod, no tables): NicknameSchema on the
 * server and the phone's instant check (app/play/_lib/nickname-check.ts) both run this, so they cannot drift apart.
 * Confusable skeletons and the profanity filter stay server-side (nickname.ts, nickname-policy.ts): they are large.
 */
export const NICKNAME_MAX = 24;
/** Cap on the raw input in UTF-16 units, before cleaning (one family emoji is 11 units, so 24 fit only in theory). */
export const NICKNAME_INPUT_MAX = 200;
/** Combining marks one letter may carry: enough for Vietnamese or Devanagari, too few for "Zalgo" text that spills onto neighbouring rows. */
export const NICKNAME_MARKS_MAX = 4;

export const NicknameProblem = {
  inputTooLong: "input-too-long",
  /** Right-to-left overrides and isolates reorder what the projector shows. */
  bidiControl: "bidi-control",
  /** Control, format, private-use, unassigned characters, NUL or lone surrogates left after cleaning. */
  control: "control",
  empty: "empty",
  tooLong: "too-long",
  tooManyMarks: "too-many-marks",
  /** Nothing that renders: blank-looking symbols only. Refused by the session (NICKNAME_INVALID), not the schema. */
  invisible: "invisible",
} as const;
export type NicknameProblem = (typeof NicknameProblem)[keyof typeof NicknameProblem];

export type NicknameInspection = {
  /** The name as it would be stored: NFC, default-ignorables stripped outside emoji, white space collapsed, trimmed. */
  name: string;
  /** Length in grapheme clusters (what a reader counts: 👩‍💻 is one). */
  length: number;
  problem: NicknameProblem | null;
};

const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
// \p{Cs} matches a lone surrogate half (well-formed pairs are read as one code point under the u flag).
const CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\u2028\u2029]/u;
const MARK = /\p{M}/gu;
/** Symbols that render as empty space without being default-ignorable (U+2800 BRAILLE PATTERN BLANK). */
const BLANK_LOOKING = /[\u2800]/gu;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

const WHOLE_EMOJI = emojiPattern();
function emojiPattern(): RegExp {
  try {
    // The v flag (Node 20, browsers since 2023) knows whole emoji sequences: ZWJ, VS16, skin tones, tag flags.
    return new RegExp("^\\p{RGI_Emoji}$", "v");
  } catch {
    // An older phone browser: close enough for a hint while typing; the server has the last word.
    return /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator})/u;
  }
}

const segmenter = typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter("und", { granularity: "grapheme" }) : null;

/** Printable ASCII: no CR LF pair, no combining mark, so every character is a cluster of its own (UAX #29). */
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** Grapheme clusters (code points on a browser without Intl.Segmenter; the server always has it). */
export function graphemes(text: string): string[] {
  // Most names are plain ASCII, and the segmenter costs tens of µs a call: a join asks several times.
  if (!segmenter || PRINTABLE_ASCII.test(text)) return Array.from(text);
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** A whole emoji sequence, whose ZWJ, variation selectors and tags are part of the picture. */
export function isEmojiGrapheme(grapheme: string): boolean {
  return WHOLE_EMOJI.test(grapheme);
}

/** Emoji-like for the skeleton: kept whole rather than mapped letter by letter (so ❤ does not become "O"). */
export function isPictographic(grapheme: string): boolean {
  return PICTOGRAPHIC.test(grapheme);
}

/** NFC, default-ignorable characters stripped except inside emoji sequences, white space runs collapsed, trimmed. */
export function cleanNickname(raw: string): string {
  let out = "";
  for (const g of graphemes(raw.normalize("NFC"))) out += isEmojiGrapheme(g) ? g : g.replace(DEFAULT_IGNORABLE, "");
  return out.normalize("NFC").replace(/\s+/gu, " ").trim();
}

/** True when a cleaned name has something a reader can see on the projector. */
export function isVisibleNickname(name: string): boolean {
  return VISIBLE.test(name.replace(BLANK_LOOKING, ""));
}

/** Cleans `raw` and names the first reason it would be refused, if any. */
export function inspectNickname(raw: string): NicknameInspection {
  if (raw.length > NICKNAME_INPUT_MAX) return { name: raw, length: graphemes(raw).length, problem: NicknameProblem.inputTooLong };
  const name = cleanNickname(raw);
  const clusters = graphemes(name);
  const result = (problem: NicknameProblem | null): NicknameInspection => ({ name, length: clusters.length, problem });
  if (BIDI_CONTROL.test(raw)) return result(NicknameProblem.bidiControl);
  const plain = clusters.filter((g) => !isEmojiGrapheme(g));
  if (plain.some((g) => CONTROL.test(g))) return result(NicknameProblem.control);
  // Empty input (or white space only) is a malformed request; a name of invisible characters is "invisible" below.
  if (raw.trim() === "") return result(NicknameProblem.empty);
  if (clusters.length > NICKNAME_MAX) return result(NicknameProblem.tooLong);
  // Counted decomposed, so a precomposed é and e + U+0301 weigh the same.
  if (plain.some((g) => (g.normalize("NFD").match(MARK)?.length ?? 0) > NICKNAME_MARKS_MAX)) return result(NicknameProblem.tooManyMarks);
  if (!isVisibleNickname(name)) return result(NicknameProblem.invisible);
  return result(null);
}
