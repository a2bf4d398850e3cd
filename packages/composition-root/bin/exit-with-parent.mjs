// Preloaded (NODE_OPTIONS=--import) into every process the launcher starts, and theirs: ends the
// process once its parent is gone, however the parent ended (kill -9 included), so no orphan keeps
// the port or a connection to the database. A parent that dies hands its children to another
// process (init or a subreaper): the parent pid changes, which is what is watched. The launcher
// names itself in ALLOCATION_LAUNCHER_PID, so a child that starts after the launcher already died
// notices too; the variable is not passed on (a grandchild watches its own parent).
const named = Number.parseInt(process.env.ALLOCATION_LAUNCHER_PID ?? '', 10);
delete process.env.ALLOCATION_LAUNCHER_PID;
const parent = Number.isInteger(named) && named > 0 ? named : process.ppid;

const parentGone = () => {
  if (process.ppid === parent) return false;
  clearInterval(watch);
  process.kill(process.pid, 'SIGTERM'); // a clean shutdown first ...
  setTimeout(() => process.exit(1), 5_000).unref(); // ... but not a hung one
  return true;
};
const watch = setInterval(parentGone, 500);
watch.unref();
parentGone();
