// Page tests need a production build of the Next app; build once before any test file runs (skipped when fresh).
// A failed build must not hide the results of every other suite: it is recorded, and only page tests fail with it.
import { ensureBuild } from "../scripts/ensure-build.mjs";
import { errorMessage } from "../lib/protocol/error-message";

export default function setup(): void {
  try {
    ensureBuild({ quiet: true });
    delete process.env.BACKPROP_BUILD_ERROR;
  } catch (error) {
    process.env.BACKPROP_BUILD_ERROR = errorMessage(error);
    console.error(`next build failed; page tests will fail: ${process.env.BACKPROP_BUILD_ERROR}`);
  }
}
