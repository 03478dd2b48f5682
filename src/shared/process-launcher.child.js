// The build's process launcher (process-launcher.ts): a small process that starts programs for the
// build. Started from a small node, each start forks this process, not the build's large one.
// Plain JavaScript, run by node as it is. It ends its programs and itself when the build goes.
import { execFile } from 'node:child_process';

const running = new Set();

process.on('message', ({ id, command, args, options }) => {
  const child = execFile(command, args, options, (error, stdout, stderr) => {
    running.delete(child);
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
  running.add(child);
});

process.on('disconnect', () => {
  for (const child of running) child.kill('SIGKILL');
  process.exit(0);
});
