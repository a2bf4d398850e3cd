// Preloaded (NODE_OPTIONS=--import) into every process the launcher starts, and theirs: ends the
// process once its parent is gone, however the parent ended (kill -9 included), so no orphan keeps
// the port or a connection to the database. A parent that dies hands its children to another
// process (init or a subreaper): the parent pid changes, which is what is watched.
const parent = process.ppid;
const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  process.kill(process.pid, 'SIGTERM'); // a clean shutdown first ...
  setTimeout(() => process.exit(1), 5_000).unref(); // ... but not a hung one
}, 500);
watch.unref();
