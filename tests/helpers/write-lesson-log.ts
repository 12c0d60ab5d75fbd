// Child process of lessonLogBytes(): writes lessonLog(options) as JSON to the given path.
import { writeFileSync } from "node:fs";
import { lessonLog } from "./lesson-log";

const [out, options] = process.argv.slice(2);
writeFileSync(out, JSON.stringify(await lessonLog(JSON.parse(options) as Parameters<typeof lessonLog>[0])));
