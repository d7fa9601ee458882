// Preloaded into every child process the devnet spawns (`node --require`). When the parent dies, even
// by SIGKILL when no exit hook of its own can run, the child is re-parented and follows it instead of
// lingering on its port. (Watching stdin for EOF would be simpler, but touching process.stdin in a
// preload breaks `node --import tsx`.)
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) process.exit(0)
}, 500).unref()
