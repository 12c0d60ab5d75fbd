/**
 * Node flags of the server process: `npm start` (scripts/start.mjs, and so every deployed node) and the benches that
 * start the server (bench:load, bench:cluster) run it with these, so what is measured is what runs.
 *
 * --max-semi-space-size=32: V8's young generation gets 32 MB per half instead of its default 16. A reveal to 1,000
 * phones in 50 classes allocates about 27 MB (each phone's view, its packet, its frame). With 16 MB that usually meant
 * two scavenges in the middle of the reveal, each copying the 3-4 MB of young objects still alive, 8-19 ms apiece on
 * two busy cores; with 32 MB there is at most one. The cost is up to 32 MB more resident memory.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=32"];
