// Loaded with `--import` into the servers bench/load.ts starts: if the bench dies without cleaning up (kill -9), the
// server notices within a second that its parent is gone and stops itself with SIGTERM, so no benchmark server
// outlives the bench. Plain JavaScript on purpose: worker threads inherit --import flags, and a worker may not have
// the TypeScript loader yet when this runs (a .ts file here broke the server's scoring worker).
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, "SIGTERM");
}, 1000).unref();
