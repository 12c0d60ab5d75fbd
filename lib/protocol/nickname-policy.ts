import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import { ackError, type AckError } from "./ack";
import { ErrorCode } from "./error-codes";
import { isVisibleNickname } from "./nickname-text";
import type { SessionRules } from "./rules";

/**
 * Ordinary names and words the English dataset would flag: a whitelisted term hides any match inside it, so
 * "Dick Grayson" passes while "Dick" alone and "dickhead" still do not.
 */
const ORDINARY_TERMS = ["analise", "shiitake", "penistone", "dick grayson", "moby dick"];

let matcher: RegExpMatcher | undefined;
/** Built on first use: the dataset compiles ~120 patterns, which only a join needs. */
function profanity(): RegExpMatcher {
  if (!matcher) {
    const dataset = englishDataset.build();
    matcher = new RegExpMatcher({
      ...dataset,
      whitelistedTerms: [...(dataset.whitelistedTerms ?? []), ...ORDINARY_TERMS],
      ...englishRecommendedTransformers,
    });
  }
  return matcher;
}

/**
 * Whether the filter objects to a name. Its recommended transformers already see through look-alike letters
 * (Cyrillic, full-width, accented, leet); the look-alike key is not used here because its i→l and m→rn folding
 * would invent words ("Analise" → "anallse").
 */
export function isProfaneNickname(nickname: string): boolean {
  // A match made of digits alone, standing apart, is leet-speak read into a number ("Student 455" → "ass"): not a
  // word anyone sees. Touching a letter ("455hole") it is one.
  return profanity()
    .getAllMatches(nickname)
    .some((match) => /\p{L}/u.test(nickname.slice(Math.max(0, match.startIndex - 1), match.endIndex + 2)));
}

/**
 * Refuses a (schema-valid) nickname that this session's rules forbid: one with nothing visible on the projector, or
 * one the profanity filter flags while the session's rule is on. Null when the name may be used.
 */
export function nicknameRefusal(nickname: string, rules: Pick<SessionRules, "profanityFilter">): AckError | null {
  if (!isVisibleNickname(nickname))
    return ackError(ErrorCode.NICKNAME_INVALID, "That name would be invisible on the projector — pick another");
  if (rules.profanityFilter && isProfaneNickname(nickname))
    return ackError(ErrorCode.NICKNAME_NOT_ALLOWED, "That name isn't allowed here — pick another");
  return null;
}
