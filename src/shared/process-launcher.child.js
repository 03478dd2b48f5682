// The build's process launcher (process-launcher.ts): a small process that starts programs for the
// build. Started from a small node, each start forks this process, not the build's large one.
// Plain JavaScript, run by node as it is. It ends its programs and itself when the build goes.
import { execFile } from 'node:child_process';

/** The programs running, by the id of their request. */
const running = new Map();

process.on('message', ({ id, command, args, options, kill }) => {
  if (kill !== undefined) return running.get(kill)?.kill('SIGKILL');
  const child = execFile(command, args, options, (error, stdout, stderr) => {
    running.delete(id);
    const failure = error && {
      message: error.message,
      code: error.code,
      errno: error.errno,
      syscall: error.syscall,
      path: error.path,
      killed: error.killed,
      signal: error.signal,
    };
    process.send({ id, failure, stdout, stderr });
  });
  running.set(id, child);
});

process.on('disconnect', () => {
  for (const child of running.values()) child.kill('SIGKILL');
  process.exit(0);
});
